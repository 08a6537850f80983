// Every event is declared once, in lib/events/catalog.ts, and written only through recordEvent
// (or eventRow, where provisioning writes with plain SQL): so every type written anywhere is in
// the catalogue, with a checked payload, a label, a phrase and an audience.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { EVENT_CATALOG, EVENT_TYPES, isEventType, LIVE_EVENT_TYPES } from "@/lib/events/catalog";
import { describeEvent, eventLabel } from "@/lib/events/describe-event";
import { eventRow } from "@/lib/events/record-event";

const root = path.join(import.meta.dirname, "..", "..");

async function shipped(): Promise<{ file: string; text: string }[]> {
  const files: { file: string; text: string }[] = [];
  for (const dir of ["app", "lib"]) {
    for (const e of await readdir(path.join(root, dir), { withFileTypes: true, recursive: true })) {
      const file = path.relative(root, path.join(e.parentPath, e.name));
      if (e.isFile() && /\.(ts|tsx)$/.test(e.name) && !file.startsWith("lib/generated/")) files.push({ file, text: await readFile(path.join(root, file), "utf8") });
    }
  }
  return files;
}

test("every event type written in the code is in the catalogue", async () => {
  const written = new Set<string>();
  for (const { text } of await shipped()) {
    // recordEvent(tx, "type", …), eventRow("type", …), and a type chosen between two literals.
    for (const m of text.matchAll(/(?:recordEvent\(\s*\w+,|eventRow\()\s*"([^"]+)"/g)) written.add(m[1]);
    for (const m of text.matchAll(/\?\s*"([a-z_]+\.[a-z_]+)"\s*:\s*"([a-z_]+\.[a-z_]+)"/g)) [m[1], m[2]].forEach((t) => written.add(t));
  }
  assert.ok(written.size >= 10, `found only ${[...written]}`);
  assert.deepEqual([...written].filter((t) => !isEventType(t)), []);
});

test("nothing writes the event log except through recordEvent and eventRow", async () => {
  const writers = (await shipped())
    .filter(({ text }) => /\bevent\.create(Many)?\(|INSERT INTO events/i.test(text))
    .map(({ file }) => file);
  assert.deepEqual(writers.sort(), ["lib/events/record-event.ts"]);
});

test("each type has a label and a phrase, and its payload is checked", () => {
  for (const type of EVENT_TYPES) {
    assert.notEqual(eventLabel(type), type, type);
    assert.throws(() => eventRow(type, { unexpected: true } as never, { kind: "system", id: null, name: null }), Error, type);
  }
  const row = eventRow("project.created", { id: "7c0d6c56-9d5b-4c55-8a51-9a2b3f3f9e01", name: "Anvil", status: "active" }, { kind: "user", id: "u1", name: "Mona Marsh" });
  assert.equal(row.subjectId, "7c0d6c56-9d5b-4c55-8a51-9a2b3f3f9e01");
  assert.equal(describeEvent(row), "Mona Marsh added project Anvil");
  assert.equal(describeEvent({ ...row, actorKind: "api_key", actorName: "CI" }), "API key “CI” added project Anvil");
});

test("audit-only events never go live; record changes do", () => {
  assert.ok(LIVE_EVENT_TYPES.includes("employee.created"));
  for (const type of ["api_key.created", "invitation.created", "membership.created", "tenant.created"] as const) {
    assert.ok(!LIVE_EVENT_TYPES.includes(type), type);
    assert.deepEqual(EVENT_CATALOG[type].audience, ["audit"]);
  }
});
