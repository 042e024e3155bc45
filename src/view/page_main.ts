/// <reference lib="dom" />
// The page script (bundled into app.js): reads the stream embedded in the
// page (a JSON data block, read as text) or one the reader drops or
// chooses, reduces it here with the package, and draws it. Nothing is
// fetched or sent: the Content-Security-Policy allows no connection at all.
import { buildDossierView } from "./dossier_view_model.ts";
import { h, replaceChildren } from "./page_dom.ts";
import {
  anomaliesSection,
  compareSection,
  namespaceSection,
  paritySection,
  readNotes,
  statusSection,
  timelineSection,
} from "./page_sections.ts";
import { artifactsSection } from "./page_table.ts";
import {
  describeReadError,
  type DossierStreamRead,
  readDossierStream,
} from "./read_dossier_stream.ts";

/** The id of the data block that holds the embedded stream. */
const DATA_ID = "dossier-data";

function _byId(id: string): HTMLElement {
  return document.getElementById(id)!;
}

function _setState(state: string): void {
  document.body.dataset.state = state;
}

function _showError(error: unknown, source: string): void {
  const { message, line, field, value } = describeReadError(error);
  replaceChildren(_byId("main"));
  replaceChildren(_byId("title"), "Mission dossier");
  replaceChildren(_byId("subtitle"), source);
  const details = h("dl", null);
  for (
    const [term, text] of [["line", line], ["field", field], ["value", value]]
  ) {
    if (text !== null) {
      details.append(
        h("dt", null, String(term)),
        h("dd", null, h("code", null, String(text))),
      );
    }
  }
  replaceChildren(
    _byId("error"),
    h("h2", null, `Cannot read ${source}`),
    h("p", { class: "message" }, message),
    details.childElementCount > 0 ? details : null,
  );
  _setState("error");
}

async function _showNamespace(
  read: DossierStreamRead,
  index: number,
  source: string,
  started: number,
): Promise<void> {
  const choice = read.namespaces[index];
  let view;
  try {
    view = await buildDossierView(choice.events, read.api);
  } catch (error) {
    _showError(error, source);
    return;
  }
  const built = performance.now();
  replaceChildren(_byId("error"));
  replaceChildren(_byId("title"), view.slug ?? "Mission dossier");
  replaceChildren(
    _byId("subtitle"),
    `${source} · contract ${read.contract.version}`,
  );
  document.title = `${view.slug ?? "Mission dossier"} · dossier`;
  const main = _byId("main");
  const artifacts = artifactsSection(view);
  const rowsBuilt = performance.now();
  replaceChildren(
    main,
    _namespacePicker(read, index, source),
    readNotes(read),
    h(
      "div",
      { class: "cards" },
      namespaceSection(view, read),
      paritySection(view.parity),
      statusSection(view),
    ),
    artifacts,
    anomaliesSection(view),
    timelineSection(view),
    compareSection(view, read),
  );
  // Layout now, so that the time measured includes it.
  void main.offsetHeight;
  const drawn = performance.now();
  document.body.dataset.reduceMs = (built - started).toFixed(1);
  document.body.dataset.buildMs = (rowsBuilt - built).toFixed(1);
  document.body.dataset.drawMs = (drawn - started).toFixed(1);
  _setState("ready");
}

function _namespacePicker(
  read: DossierStreamRead,
  index: number,
  source: string,
): HTMLElement | null {
  if (read.namespaces.length < 2) return null;
  const select = h("select", { id: "namespace-select" });
  read.namespaces.forEach((choice, position) => {
    const option = h("option", null, choice.label);
    option.value = String(position);
    select.appendChild(option);
  });
  select.selectedIndex = index;
  select.addEventListener("change", () => {
    _setState("loading");
    void _showNamespace(read, select.selectedIndex, source, performance.now());
  });
  return h(
    "div",
    { class: "card picker" },
    h(
      "label",
      { for: "namespace-select" },
      `This journal holds ${read.namespaces.length} missions: `,
    ),
    select,
  );
}

/** Reads, reduces and draws a stream; a bad one gets the error on the page. */
async function present(text: string, source: string): Promise<void> {
  const started = performance.now();
  _setState("loading");
  let read: DossierStreamRead;
  try {
    read = readDossierStream(text);
  } catch (error) {
    _showError(error, source);
    return;
  }
  await _showNamespace(read, 0, source, started);
}

async function _openFile(file: File | undefined): Promise<void> {
  if (file === undefined) return;
  let text: string;
  try {
    // Fatal: a file that is not UTF-8 is said to be so, never read with
    // replacement characters.
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      await file.arrayBuffer(),
    );
  } catch (error) {
    _showError(
      new TypeError(
        `Cannot read "${file.name}": it is not UTF-8 text (${
          (error as Error).message
        })`,
      ),
      file.name,
    );
    return;
  }
  await present(text, file.name);
}

function _listen(): void {
  const input = _byId("file") as HTMLInputElement;
  input.addEventListener("change", () => {
    void _openFile(input.files?.[0]);
    input.value = "";
  });
  const target = document.documentElement;
  target.addEventListener("dragover", (event) => {
    event.preventDefault();
    document.body.classList.add("dragging");
  });
  target.addEventListener("dragleave", (event) => {
    if (event.relatedTarget === null) {
      document.body.classList.remove("dragging");
    }
  });
  target.addEventListener("drop", (event) => {
    event.preventDefault();
    document.body.classList.remove("dragging");
    void _openFile(event.dataTransfer?.files[0]);
  });
}

function _start(): void {
  _listen();
  const block = document.getElementById(DATA_ID);
  const data = block === null
    ? null
    : JSON.parse(block.textContent ?? "null") as
      | { source: string; stream: string }
      | null;
  if (data === null) {
    _setState("empty");
    return;
  }
  void present(data.stream, data.source);
}

_start();
