-- The dashboard's other orders and counts, each answered from an index that starts with the
-- tenant: the employees table sorted by title, department or date added (keyset on column, id),
-- and "changes today" (a tenant's events since midnight).
CREATE INDEX employees_tenant_id_title_id_idx ON employees (tenant_id, title, id);
CREATE INDEX employees_tenant_id_department_id_idx ON employees (tenant_id, department, id);
CREATE INDEX employees_tenant_id_created_at_id_idx ON employees (tenant_id, created_at, id);
CREATE INDEX events_tenant_id_created_at_idx ON events (tenant_id, created_at);
