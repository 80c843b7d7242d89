"""The catalogue in Chinese: one module here per chapter module of specs/catalogue/, each defining
ZH = {claim id: {"statement": ..., "note": ...}} (a "note" wherever the English claim has one).

The English stays in the Claim declarations; translators edit only these files. A test checks
that every claim has a Chinese statement (and a note where it has one), and that no entry names a
claim the catalogue does not have. The fixed words of the report are in specs/harness/messages.py.
"""
import importlib
import pkgutil

# Chinese of specs.catalogue.EMPTY_HEADINGS: why a heading has no claim
EMPTY_HEADINGS = {
    ("队列", "概念"): "教程在这个标题下没有正文。它唯一的意思——先进先出——是下一个标题的论断（queue.fifo）。",
}


def load():
    """{claim id: {"statement": ..., "note": ...}} from every module of this package."""
    entries = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for claim_id, entry in getattr(module, "ZH", {}).items():
            if claim_id in entries:
                raise ValueError(f"Chinese of claim {claim_id!r} is given twice (second time in {module.__name__})")
            entries[claim_id] = entry
    return entries


_CACHE = []


def entries():
    if not _CACHE:
        _CACHE.append(load())
    return _CACHE[0]


def statement(claim_id):
    """The claim's Chinese statement ("" where there is none)."""
    return entries().get(claim_id, {}).get("statement", "")


def note(claim_id):
    return entries().get(claim_id, {}).get("note", "")
