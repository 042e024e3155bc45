/// <reference lib="dom" />
// Building the page's elements. Text from the input only ever becomes a
// Text node (never markup), attributes are a fixed few set one by one, and
// no href or src is ever built: the page shows what it reads, as written.

/** What an element can hold: elements, text (as text), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** The attributes the page sets; anything else is a mistake here. */
export interface Attributes {
  readonly class?: string;
  readonly id?: string;
  readonly for?: string;
  readonly type?: string;
  readonly role?: string;
  readonly scope?: string;
  readonly colspan?: number;
  readonly title?: string;
  readonly "aria-label"?: string;
  readonly "aria-live"?: string;
  readonly "aria-sort"?: string;
  readonly "aria-describedby"?: string;
  readonly "aria-expanded"?: string;
  readonly "data-full"?: string;
  readonly "data-state"?: string;
  readonly "data-path"?: string;
  readonly "data-kind"?: string;
}

/**
 * Creates an element with attributes and children; a string child becomes
 * a Text node, so markup in it stays text.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes !== null) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== undefined) element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children to a node, strings as Text nodes. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child))
        : child,
    );
  }
}

/** Replaces every child of a node. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A `<code>` of a value, as text. */
export function code(text: string): HTMLElement {
  return h("code", null, text);
}

/** A status pill: `clean`, `drifted`, `unknown`, `stale`, … */
export function pill(status: string, text: string = status): HTMLElement {
  return h(
    "span",
    { class: `pill pill-${status}`, "data-state": status },
    text,
  );
}

/** A definition list of `[term, value]` pairs. */
export function definitions(
  pairs: readonly (readonly [string, Child])[],
): HTMLElement {
  const list = h("dl", null);
  for (const [term, value] of pairs) {
    append(list, [h("dt", null, term), h("dd", null, value)]);
  }
  return list;
}

/** A list of paths (or a word saying there are none). */
export function pathList(paths: readonly string[], none: string): HTMLElement {
  if (paths.length === 0) return h("p", { class: "muted" }, none);
  const list = h("ul", { class: "paths" });
  for (const path of paths) {
    list.appendChild(h("li", { "data-path": path }, code(path)));
  }
  return list;
}

/** A hash, short, with the full value on demand. */
export function hashDetails(hash: string, short: string): HTMLElement {
  return h(
    "details",
    { class: "hash" },
    h("summary", { title: "Show the full hash" }, code(short)),
    h("code", { class: "full" }, hash),
  );
}
