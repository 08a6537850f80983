#!/usr/bin/env node
// `npx tenantry`: runs the TypeScript CLI through tsx, as every script in this repository runs,
// with the project's tsconfig (its "@/…" paths) wherever it is started from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import("./cli.ts");
