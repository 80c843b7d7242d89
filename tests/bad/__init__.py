"""Known-bad implementations: each package makes one mistake, and tests/test_known_bad.py
checks that the specs reject it by the claim that names that mistake."""
