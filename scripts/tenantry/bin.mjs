#!/usr/bin/env node
// `npx tenantry`: runs the TypeScript CLI through tsx, as every script in this repository runs.
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
