// Every check `tenantry check` runs, in the order it reports them. One home: the CLI, the
// self-test and the README's list all read this.
import type { Check } from "./check";
import { appRoleChecks } from "./checks/app-role";
import { supportAccessChecks } from "./checks/support-access";
import { functionAndViewChecks } from "./checks/functions-and-views";
import { liveChecks } from "./checks/live";
import { placementChecks } from "./checks/placements";
import { rowSecurityChecks } from "./checks/row-security";
import { tenantKeyChecks } from "./checks/tenant-keys";

export const CHECKS: readonly Check[] = [...rowSecurityChecks, ...tenantKeyChecks, ...appRoleChecks, ...supportAccessChecks, ...functionAndViewChecks, ...placementChecks, ...liveChecks];
