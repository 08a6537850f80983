-- Placements: a tenant's rows live either in the shared database (this one, which is also the
-- control plane) under row-level security, or in a dedicated database of its own on a registered
-- Postgres server. A dedicated database is made by these same migrations, so it has the same
-- schema, row-level security included (defence in depth against a mis-routed statement).

-- Postgres servers that can hold dedicated databases. Connections are named by the environment
-- variables that hold them, never stored here.
CREATE TABLE directory.servers (
  name          text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,30}$'),
  admin_url_env text NOT NULL CHECK (admin_url_env ~ '^[A-Z][A-Z0-9_]{0,62}$'),
  app_url_env   text NOT NULL CHECK (app_url_env ~ '^[A-Z][A-Z0-9_]{0,62}$'),
  notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);
-- The app reads a server's app connection variable (a name, not a secret) with the tenant it
-- resolves, to know where a dedicated tenant's database is; it holds no grant on the table.
CREATE FUNCTION directory.server_app_url_env(p_server text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT app_url_env FROM directory.servers WHERE name = p_server $$;
REVOKE ALL ON FUNCTION directory.server_app_url_env(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.server_app_url_env(text) TO tenantry_app;

-- Per tenant: where its rows are, the placement's epoch (raised by every move; the app binds the
-- epoch it resolved with every statement, and the database refuses a write made with another
-- one, so an instance whose cache is stale cannot write to the old place) and its state
-- (`copying`: a move is copying its rows, writes go on and are noted for the catch-up; `moving`:
-- the cut-over of a move, writes refused; `migrating`: its database's schema is being changed,
-- nothing served; `failed`: its database needs an operator).
ALTER TABLE tenants DROP CONSTRAINT tenants_placement_check;
ALTER TABLE tenants
  ADD CONSTRAINT tenants_placement_check CHECK (placement IN ('shared', 'dedicated')),
  ADD COLUMN server text REFERENCES directory.servers (name),
  ADD COLUMN database_name text CHECK (database_name ~ '^tenantry_t_[0-9a-f]{32}$'),
  ADD COLUMN placement_epoch bigint NOT NULL DEFAULT 1,
  ADD COLUMN placement_state text NOT NULL DEFAULT 'active' CHECK (placement_state IN ('active', 'copying', 'moving', 'migrating', 'failed')),
  ADD CONSTRAINT tenants_placement_target CHECK ((placement = 'dedicated') = (server IS NOT NULL AND database_name IS NOT NULL));
CREATE UNIQUE INDEX tenants_database_name_key ON tenants (database_name);
-- Finds the few tenants in a move at once (the change log's trigger asks on every write).
CREATE INDEX tenants_placement_state_idx ON tenants (placement_state) WHERE placement_state <> 'active';

-- What this database is. A dedicated database holds one tenant's rows, plus copies of the rows
-- its foreign keys need (its tenant's `tenants` row and the users it refers to); everything else
-- about the tenant, the access indexes included, stays in the control plane.
CREATE TABLE directory.this_database (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  kind      text NOT NULL CHECK (kind IN ('control_plane', 'dedicated'))
);
INSERT INTO directory.this_database (kind) VALUES ('control_plane');

-- Whether this database holds the tenant's rows now: the control plane while the tenant is
-- shared; a dedicated database once its copy is complete (its tenant row says `active`). The
-- access indexes are kept from there only, so copying a tenant in or deleting the rows it left
-- behind does not touch them.
CREATE FUNCTION directory.holds_rows_of(p_tenant uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT CASE (SELECT kind FROM directory.this_database)
      WHEN 'control_plane' THEN (SELECT placement = 'shared' FROM tenants WHERE id = p_tenant)
      ELSE (SELECT placement_state IN ('active', 'copying') FROM tenants WHERE id = p_tenant)
    END
  $$;
REVOKE ALL ON FUNCTION directory.holds_rows_of(uuid) FROM PUBLIC;
-- The write fence and the owner check run as the writer (the app, or a support grant) and ask it.
GRANT EXECUTE ON FUNCTION directory.holds_rows_of(uuid) TO tenantry_app, tenantry_support;

-- The access indexes (migration 20261202000000) are the control plane's. A dedicated database
-- writes its tenant's changes to them through `directory_link`, foreign tables over the control
-- plane (postgres_fdw) set up when the database is provisioned: postgres_fdw commits the remote
-- part when the local transaction commits, and a failure there fails the local write.
CREATE OR REPLACE FUNCTION directory.index_membership() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF NOT coalesce(directory.holds_rows_of(coalesce(NEW.tenant_id, OLD.tenant_id)), false) THEN
    RETURN NULL;
  END IF;
  IF (SELECT kind FROM directory.this_database) = 'dedicated' THEN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      DELETE FROM directory_link.memberships WHERE tenant_id = OLD.tenant_id AND user_id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO directory_link.memberships (tenant_id, user_id, role) VALUES (NEW.tenant_id, NEW.user_id, NEW.role);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM directory.memberships WHERE tenant_id = OLD.tenant_id AND user_id = OLD.user_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory.memberships (tenant_id, user_id, role) VALUES (NEW.tenant_id, NEW.user_id, NEW.role);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION directory.index_api_key() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF NOT coalesce(directory.holds_rows_of(coalesce(NEW.tenant_id, OLD.tenant_id)), false) THEN
    RETURN NULL;
  END IF;
  IF (SELECT kind FROM directory.this_database) = 'dedicated' THEN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      DELETE FROM directory_link.api_keys WHERE key_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO directory_link.api_keys (secret_hash, key_id, tenant_id, name, role, revoked)
      VALUES (NEW.secret_hash, NEW.id, NEW.tenant_id, NEW.name, NEW.role, NEW.revoked_at IS NOT NULL);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM directory.api_keys WHERE key_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory.api_keys (secret_hash, key_id, tenant_id, name, role, revoked)
    VALUES (NEW.secret_hash, NEW.id, NEW.tenant_id, NEW.name, NEW.role, NEW.revoked_at IS NOT NULL);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION directory.index_domain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF NOT coalesce(directory.holds_rows_of(coalesce(NEW.tenant_id, OLD.tenant_id)), false) THEN
    RETURN NULL;
  END IF;
  IF (SELECT kind FROM directory.this_database) = 'dedicated' THEN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      DELETE FROM directory_link.domains WHERE hostname = OLD.hostname;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO directory_link.domains (hostname, tenant_id, verified) VALUES (NEW.hostname, NEW.tenant_id, NEW.verified_at IS NOT NULL);
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM directory.domains WHERE hostname = OLD.hostname;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO directory.domains (hostname, tenant_id, verified) VALUES (NEW.hostname, NEW.tenant_id, NEW.verified_at IS NOT NULL);
  END IF;
  RETURN NULL;
END $$;

-- A dedicated database copies the user a new row refers to (a member, who invited, who made a
-- key) from the control plane before the row is written, so its foreign keys hold.
CREATE FUNCTION directory.copy_referenced_user() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  referenced uuid;
BEGIN
  -- One statement per table: an expression naming another table's column fails on this row.
  IF TG_TABLE_NAME = 'memberships' THEN
    referenced := NEW.user_id;
  ELSIF TG_TABLE_NAME = 'invitations' THEN
    referenced := NEW.invited_by;
  ELSE
    referenced := NEW.created_by;
  END IF;
  IF referenced IS NOT NULL AND (SELECT kind FROM directory.this_database) = 'dedicated'
     AND NOT EXISTS (SELECT 1 FROM users WHERE id = referenced) THEN
    INSERT INTO users (id, email, name, created_at)
      SELECT id, email, name, created_at FROM directory_link.users WHERE id = referenced;
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION directory.copy_referenced_user() FROM PUBLIC;
CREATE TRIGGER memberships_user_copied BEFORE INSERT OR UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION directory.copy_referenced_user();
CREATE TRIGGER invitations_user_copied BEFORE INSERT OR UPDATE ON invitations FOR EACH ROW EXECUTE FUNCTION directory.copy_referenced_user();
CREATE TRIGGER api_keys_user_copied BEFORE INSERT OR UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION directory.copy_referenced_user();

-- The placement fence. The app binds the placement epoch it resolved the tenant with
-- (`app.placement_epoch`) in the same round trip as the tenant; a write is refused (TN503,
-- retryable) while the tenant is being cut over, and when this database does not hold the
-- tenant's rows under that epoch: the write of an instance whose cache predates a move fails
-- instead of landing in the old place. With no epoch bound (the owner's maintenance, the mover
-- itself) there is nothing to check.
CREATE FUNCTION refuse_misplaced_write(p_tenant uuid) RETURNS void
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
  AS $$
DECLARE
  bound bigint := nullif(current_setting('app.placement_epoch', true), '')::bigint;
  here record;
BEGIN
  IF bound IS NULL OR p_tenant IS NULL THEN
    RETURN;
  END IF;
  -- Held to the end of the writing transaction: a move's cut-over takes it exclusively after
  -- setting `moving`, and so waits for every write that passed this check before.
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('tenantry.placement:' || p_tenant::text, 0));
  SELECT placement_epoch, placement_state INTO here FROM tenants WHERE id = p_tenant;
  IF here.placement_state = 'moving' THEN
    RAISE EXCEPTION 'tenant_moving: this workspace is being moved; try again in a moment' USING ERRCODE = 'TN503';
  END IF;
  IF here.placement_epoch IS DISTINCT FROM bound OR NOT coalesce(directory.holds_rows_of(p_tenant), false) THEN
    RAISE EXCEPTION 'tenant_moving: this workspace has moved; try again' USING ERRCODE = 'TN503';
  END IF;
END $$;
REVOKE ALL ON FUNCTION refuse_misplaced_write(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refuse_misplaced_write(uuid) TO tenantry_app, tenantry_support;

CREATE OR REPLACE FUNCTION refuse_write_unless_active() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
DECLARE
  state tenant_status;
BEGIN
  SELECT status INTO state FROM tenants WHERE id = current_tenant_id();
  IF state = 'suspended' THEN
    RAISE EXCEPTION 'tenant_suspended: this workspace is suspended; it can be read, not changed' USING ERRCODE = 'TN403';
  ELSIF state IS DISTINCT FROM 'active' AND state IS NOT NULL THEN
    RAISE EXCEPTION 'tenant_inactive: this workspace has been closed' USING ERRCODE = 'TN410';
  END IF;
  PERFORM refuse_misplaced_write(current_tenant_id());
  RETURN NULL;
END $$;

-- A move deletes the rows a tenant left behind; the last owner's membership among them is no
-- longer the workspace's (migration 20261206000000 otherwise keeps it).
CREATE OR REPLACE FUNCTION keep_an_owner() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.role <> 'owner' OR (TG_OP = 'UPDATE' AND NEW.role = 'owner') THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id AND status <> 'inactive') OR NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)
     OR NOT coalesce(directory.holds_rows_of(OLD.tenant_id), false) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('tenantry.owners:' || OLD.tenant_id::text, 0));
  IF NOT EXISTS (SELECT 1 FROM memberships WHERE tenant_id = OLD.tenant_id AND role = 'owner') THEN
    RAISE EXCEPTION 'last_owner: a workspace needs at least one owner' USING ERRCODE = 'TN409';
  END IF;
  RETURN NULL;
END $$;

-- The event log is fenced too (it is left out of the status check on purpose, not of this one).
CREATE FUNCTION refuse_misplaced_event() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
BEGIN
  PERFORM refuse_misplaced_write(current_tenant_id());
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION refuse_misplaced_event() FROM PUBLIC;
CREATE TRIGGER placement_fence BEFORE INSERT OR UPDATE OR DELETE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_misplaced_event();

-- The control plane side of the link: one login role per dedicated database (made when it is
-- provisioned, member of tenantry_link), which may read the users its tenant refers to and write
-- the access indexes of its own tenant only.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_link') THEN
    CREATE ROLE tenantry_link NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
CREATE TABLE directory.links (
  role_name name PRIMARY KEY,
  tenant_id uuid NOT NULL UNIQUE REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE FUNCTION directory.link_tenant() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tenant_id FROM directory.links WHERE role_name = session_user $$;
REVOKE ALL ON FUNCTION directory.link_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.link_tenant() TO tenantry_link;
GRANT USAGE ON SCHEMA directory TO tenantry_link;
GRANT SELECT, INSERT, DELETE ON directory.memberships, directory.api_keys, directory.domains TO tenantry_link;
GRANT SELECT (id, email, name, created_at) ON users TO tenantry_link;
ALTER TABLE directory.memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE directory.api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE directory.domains ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_tenant ON directory.memberships TO tenantry_link USING (tenant_id = directory.link_tenant());
CREATE POLICY own_tenant ON directory.api_keys TO tenantry_link USING (tenant_id = directory.link_tenant());
CREATE POLICY own_tenant ON directory.domains TO tenantry_link USING (tenant_id = directory.link_tenant());

-- An event's id is unique within its tenant, like every other key here: ids stay the same when a
-- tenant moves (stream cursors name them), and a tenant moving back to the shared database must
-- not collide with ids the shared sequence gave other tenants meanwhile. Within a tenant they
-- still only grow: a move carries the target's sequence past the tenant's last id.
ALTER TABLE events DROP CONSTRAINT events_pkey;
DROP INDEX events_tenant_id_id_idx;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (tenant_id, id);

-- The shared database's own server can hold dedicated databases too, through the app's own settings.
INSERT INTO directory.servers (name, admin_url_env, app_url_env, notes)
VALUES ('primary', 'DATABASE_ADMIN_URL', 'DATABASE_URL', 'the server of the shared database and the control plane');

-- The change log a move catches up from. While a tenant is `copying`, every statement that
-- writes its rows notes the keys it touched, with the writing transaction's id: the mover copies
-- in one snapshot, then applies, round by round, the keys of transactions that snapshot did not
-- see, re-reading each row as it is then (so the order of changes does not matter and applying one
-- twice changes nothing). Keys, not rows: the log stays small however wide the rows are.
CREATE TABLE directory.move_changes (
  tenant_id  uuid NOT NULL,
  table_name text NOT NULL,
  key        text NOT NULL,
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX move_changes_tenant_id_idx ON directory.move_changes (tenant_id);

-- One statement-level trigger per table and operation, over its transition table. When no
-- tenant is being copied (nearly always) it costs one lookup in a partial index.
CREATE FUNCTION directory.note_move_changes() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM tenants WHERE placement_state = 'copying') THEN
    INSERT INTO directory.move_changes (tenant_id, table_name, key)
    SELECT c.tenant_id, TG_TABLE_NAME, to_jsonb(c) ->> TG_ARGV[0]
    FROM changed_rows c JOIN tenants t ON t.id = c.tenant_id AND t.placement_state = 'copying';
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION directory.note_move_changes() FROM PUBLIC;

DO $$
DECLARE
  spec record;
BEGIN
  FOR spec IN SELECT * FROM (VALUES ('memberships', 'user_id'), ('projects', 'id'), ('employees', 'id'), ('events', 'id'),
                                    ('api_keys', 'id'), ('invitations', 'id'), ('domains', 'hostname')) AS t (tbl, key) LOOP
    EXECUTE format('CREATE TRIGGER move_changes_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION directory.note_move_changes(%L)', spec.tbl, spec.key);
    EXECUTE format('CREATE TRIGGER move_changes_updated AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION directory.note_move_changes(%L)', spec.tbl, spec.key);
    EXECUTE format('CREATE TRIGGER move_changes_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION directory.note_move_changes(%L)', spec.tbl, spec.key);
  END LOOP;
END $$;

-- A dedicated database keeps a copy of its tenant's directory row, which its own guards read (a
-- suspended or closed workspace's writes refused, the plan's quotas). The control plane is the
-- authority: when it changes the row, the app brings the copy along, in the transaction that
-- records the change's event there. These columns only, the bound tenant's row only, in a
-- dedicated database only (as directory.change_own_tenant_plan, the app may ask; it cannot write
-- the table).
CREATE FUNCTION directory.follow_directory(p_row jsonb) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    UPDATE tenants t
    SET slug = r.slug, name = r.name, status = r.status, plan = r.plan, status_changed_at = r.status_changed_at,
        status_changed_by = r.status_changed_by, deletion_due_at = r.deletion_due_at
    FROM jsonb_populate_record(NULL::tenants, p_row) r
    WHERE t.id = current_tenant_id() AND r.id = t.id AND (SELECT kind FROM directory.this_database) = 'dedicated'
  $$;
REVOKE ALL ON FUNCTION directory.follow_directory(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.follow_directory(jsonb) TO tenantry_app;
