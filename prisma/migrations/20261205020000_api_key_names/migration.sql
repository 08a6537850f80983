-- An active API key's name is unique in its workspace, whatever the case: keys are told apart by
-- name on the settings page (and in their Revoke buttons' accessible names). Active duplicates made
-- before this get " (2)", " (3)"… appended, oldest first keeping its name; revoked keys keep theirs.
WITH numbered AS (
  SELECT id, row_number() OVER (PARTITION BY tenant_id, lower(name) ORDER BY created_at, id) AS n
  FROM api_keys WHERE revoked_at IS NULL
)
UPDATE api_keys k SET name = left(k.name, 70) || ' (' || numbered.n || ')'
FROM numbered WHERE numbered.id = k.id AND numbered.n > 1;

CREATE UNIQUE INDEX api_keys_active_name_key ON api_keys (tenant_id, lower(name)) WHERE revoked_at IS NULL;
