// A tiny DOM for the results page's script (tests/test_results_page.py): elements from a JSON
// tree, the few selectors the script uses (tag, .class, #id, [attr], [attr="v"], descendants),
// click and change events. Reads the tree and the script from argv, runs the actions, prints
// what the test checks.
"use strict";
const fs = require("fs");
const [tree, script, actions] = process.argv.slice(2).map((p) => fs.readFileSync(p, "utf8"));

class Element {
  constructor(node, parent) {
    this.tagName = node.tag; this.attrs = Object.assign({}, node.attrs); this.parentNode = parent;
    this.children = node.children.map((c) => new Element(c, this)); this.listeners = {};
    this.checked = false;
    const self = this;
    this.classList = {
      contains: (c) => self.classes().includes(c),
      add: (c) => { if (!self.classList.contains(c)) self.attrs.class = (self.classes().concat([c])).join(" "); },
      remove: (c) => { self.attrs.class = self.classes().filter((x) => x !== c).join(" "); },
      toggle: (c, on) => { if (on === undefined) on = !self.classList.contains(c); on ? self.classList.add(c) : self.classList.remove(c); },
    };
  }
  classes() { return (this.attrs.class || "").split(/\s+/).filter(Boolean); }
  get hidden() { return "hidden" in this.attrs; }
  set hidden(v) { if (v) this.attrs.hidden = ""; else delete this.attrs.hidden; }
  getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; }
  setAttribute(n, v) { this.attrs[n] = String(v); }
  get tBodies() { return this.descendants().filter((e) => e.tagName === "tbody"); }
  descendants() { return this.children.flatMap((c) => [c].concat(c.descendants())); }
  appendChild(child) {
    const siblings = child.parentNode.children; siblings.splice(siblings.indexOf(child), 1);
    child.parentNode = this; this.children.push(child); return child;
  }
  matches(compound) {
    const m = compound.match(/^([a-z]*)((?:[.#][\w-]+|\[[\w-]+(?:="[^"]*")?\])*)$/);
    if (!m) throw new Error("selector not supported: " + compound);
    if (m[1] && m[1] !== this.tagName) return false;
    for (const part of m[2].match(/[.#][\w-]+|\[[^\]]+\]/g) || []) {
      if (part[0] === ".") { if (!this.classList.contains(part.slice(1))) return false; }
      else if (part[0] === "#") { if (this.attrs.id !== part.slice(1)) return false; }
      else {
        const [, name, value] = part.match(/^\[([\w-]+)(?:="([^"]*)")?\]$/);
        if (!(name in this.attrs) || value !== undefined && this.attrs[name] !== value) return false;
      }
    }
    return true;
  }
  matchesChain(parts) {  // descendant combinators, right to left
    if (!this.matches(parts[parts.length - 1])) return false;
    let rest = parts.slice(0, -1), up = this.parentNode;
    while (rest.length && up && up.matches) { if (up.matches(rest[rest.length - 1])) rest = rest.slice(0, -1); up = up.parentNode; }
    return rest.length === 0;
  }
  querySelectorAll(selector) { const parts = selector.trim().split(/\s+/); return this.descendants().filter((e) => e.matchesChain(parts)); }
  querySelector(selector) { return this.querySelectorAll(selector)[0] || null; }
  closest(selector) { let e = this; while (e && e.matches) { if (e.matches(selector)) return e; e = e.parentNode; } return null; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  dispatch(type, target) { for (const fn of this.listeners[type] || []) fn.call(this, { target: target || this }); }
}

const root = new Element(JSON.parse(tree), null);
global.document = {
  getElementById: (id) => root.descendants().find((e) => e.attrs.id === id) || null,
  querySelectorAll: (s) => root.querySelectorAll(s),
};
eval(script);  // eslint-disable-line no-eval

const table = document.getElementById("grades");
const bubble = (target, type) => { for (let e = target; e && e.dispatch; e = e.parentNode) e.dispatch(type, target); };
const state = () => ({
  classes: table.classes(),
  order: table.tBodies[0].children.map((r) => r.getAttribute("data-order")),
  controls_hidden: document.getElementById("controls").hidden,
  buttons_hidden: table.querySelectorAll("button.sort").map((b) => b.hidden),
  sorted_by: table.querySelectorAll("thead th[aria-sort]").filter((t) => t.getAttribute("aria-sort") === "ascending")
    .map((t) => t.getAttribute("data-sort")),
});
const out = [state()];
for (const [what, arg] of JSON.parse(actions)) {
  if (what === "click-header") bubble(table.querySelector(`thead tr.head th[data-sort="${arg}"]`), "click");
  if (what === "click-link") bubble(table.querySelector(`thead tr.head th[data-sort="${arg}"]`).querySelector("a"), "click");
  if (what === "check") { const box = document.getElementById("failures-only"); box.checked = arg; box.dispatch("change"); }
  out.push(state());
}
console.log(JSON.stringify(out));
