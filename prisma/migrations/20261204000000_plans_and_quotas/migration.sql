-- Plans and quotas. The plans are data, in one table: what each allows (NULL = no limit), in the
-- order a workspace upgrades through them. A payment integration later sets tenants.plan through
-- the same function an owner's choice goes through; nothing here knows about prices.
CREATE TABLE plans (
  id                      text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,30}$'),
  name                    text NOT NULL,
  rank                    int NOT NULL UNIQUE,
  summary                 text NOT NULL,
  max_employees           int CHECK (max_employees >= 0),
  max_projects            int CHECK (max_projects >= 0),
  max_members             int CHECK (max_members >= 1),
  max_api_keys            int CHECK (max_api_keys >= 0),
  api_requests_per_month  int CHECK (api_requests_per_month >= 0),
  api_requests_per_minute int CHECK (api_requests_per_minute >= 0)
);
INSERT INTO plans VALUES
  ('free', 'Free', 1, 'For a small team trying Tenantry.', 50, 10, 5, 3, 10000, 120),
  ('pro', 'Pro', 2, 'For a growing company.', 5000, 500, 100, 50, 1000000, 3000),
  ('enterprise', 'Enterprise', 3, 'No limits, for companies that outgrow Pro.', NULL, NULL, NULL, NULL, NULL, NULL);
GRANT SELECT ON plans TO tenantry_app;
ALTER TABLE tenants ADD CONSTRAINT tenants_plan_fkey FOREIGN KEY (plan) REFERENCES plans (id);

-- The limit of `resource` on the bound tenant's plan (NULL: none, or no tenant bound).
CREATE FUNCTION plan_limit(resource text) RETURNS int
  LANGUAGE sql STABLE SET search_path = pg_catalog, public
  AS $$
    SELECT CASE resource
             WHEN 'employees' THEN p.max_employees WHEN 'projects' THEN p.max_projects
             WHEN 'members' THEN p.max_members WHEN 'api_keys' THEN p.max_api_keys END
    FROM tenants t JOIN plans p ON p.id = t.plan WHERE t.id = current_tenant_id()
  $$;
GRANT EXECUTE ON FUNCTION plan_limit(text) TO tenantry_app;

-- How many of `resource` the bound tenant has now, counted under row-level security.
CREATE FUNCTION plan_usage(resource text) RETURNS bigint
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public
  AS $$
BEGIN
  CASE resource
    WHEN 'employees' THEN RETURN (SELECT count(*) FROM employees WHERE tenant_id = current_tenant_id());
    WHEN 'projects' THEN RETURN (SELECT count(*) FROM projects WHERE tenant_id = current_tenant_id());
    WHEN 'members' THEN RETURN (SELECT count(*) FROM memberships WHERE tenant_id = current_tenant_id());
    WHEN 'api_keys' THEN RETURN (SELECT count(*) FROM api_keys WHERE tenant_id = current_tenant_id() AND revoked_at IS NULL);
  END CASE;
END $$;
GRANT EXECUTE ON FUNCTION plan_usage(text) TO tenantry_app;

-- Creates of one resource in one tenant take turns on this lock, held to commit, so each counts
-- what the one before it committed. A plan change takes the same locks.
CREATE FUNCTION lock_plan_usage(resource text) RETURNS void
  LANGUAGE sql VOLATILE SET search_path = pg_catalog, public
  AS $$ SELECT pg_advisory_xact_lock(hashtext('tenantry.quota'), hashtext(current_tenant_id()::text || ':' || resource)) $$;
GRANT EXECUTE ON FUNCTION lock_plan_usage(text) TO tenantry_app;

-- Quotas are enforced by the database, after each insert statement, so every write path (actions,
-- the API, a forgotten one) is held to them and concurrent creates cannot both take the last
-- place: 50 at one below the limit, exactly one commits. Unlimited plans pay one primary-key
-- lookup per statement. With no tenant bound (the owner's restore) there is nothing to check.
-- The refusal is SQLSTATE TN402 with the limit and the usage before the write as JSON detail.
CREATE FUNCTION enforce_plan_limit() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
DECLARE
  resource text := TG_ARGV[0];
  allowed int := plan_limit(resource);
  used bigint;
  added bigint;
BEGIN
  IF allowed IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM lock_plan_usage(resource);
  -- Separate statements: this count's snapshot is taken after the lock is held.
  used := plan_usage(resource);
  SELECT count(*) INTO added FROM inserted;
  IF used > allowed THEN
    RAISE EXCEPTION 'quota_exceeded: the plan allows % %', allowed, resource
      USING ERRCODE = 'TN402', DETAIL = json_build_object('resource', resource, 'limit', allowed, 'usage', used - added)::text;
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION enforce_plan_limit() FROM PUBLIC;

CREATE TRIGGER within_plan AFTER INSERT ON employees REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION enforce_plan_limit('employees');
CREATE TRIGGER within_plan AFTER INSERT ON projects REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION enforce_plan_limit('projects');
CREATE TRIGGER within_plan AFTER INSERT ON memberships REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION enforce_plan_limit('members');
CREATE TRIGGER within_plan AFTER INSERT ON api_keys REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION enforce_plan_limit('api_keys');

-- The plan of the bound tenant, changed by an owner through the app (the app checks that the
-- usage fits the new plan under the same locks). Operators update tenants directly.
CREATE FUNCTION directory.change_own_tenant_plan(p_plan text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  tenant uuid := current_tenant_id();
  previous text;
BEGIN
  IF tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant is bound' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT plan INTO previous FROM tenants WHERE id = tenant FOR UPDATE;
  UPDATE tenants SET plan = p_plan WHERE id = tenant;
  PERFORM pg_notify('tenantry_directory', tenant::text);
  RETURN previous;
END $$;
REVOKE ALL ON FUNCTION directory.change_own_tenant_plan(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.change_own_tenant_plan(text) TO tenantry_app;

-- API requests per tenant, counted here so that every instance shares one count: one row per
-- tenant and window (the current minute, the current month), reset when its window has passed.
CREATE TABLE directory.api_request_windows (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  span         text NOT NULL CHECK (span IN ('minute', 'month')),
  window_start timestamptz NOT NULL,
  requests     int NOT NULL,
  PRIMARY KEY (tenant_id, span)
);

-- Counts one API request of `p_tenant` if its plan's per-minute and per-month limits allow it,
-- in one round trip. Answers whether it was counted, and if not which window refused it, that
-- window's limit and count, and the seconds until it resets. A refused request is not counted.
CREATE FUNCTION directory.count_api_request(p_tenant uuid)
  RETURNS TABLE (allowed boolean, refused_by text, request_limit int, requests int, retry_after int)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public SET TimeZone = 'UTC'
  AS $$
DECLARE
  per_minute int;
  per_month int;
  minute_start timestamptz := date_trunc('minute', now());
  month_start timestamptz := date_trunc('month', now());
  counted int;
BEGIN
  SELECT p.api_requests_per_minute, p.api_requests_per_month INTO per_minute, per_month
  FROM tenants t JOIN plans p ON p.id = t.plan WHERE t.id = p_tenant;

  INSERT INTO directory.api_request_windows AS w VALUES (p_tenant, 'minute', minute_start, 1)
  ON CONFLICT (tenant_id, span) DO UPDATE
    SET window_start = excluded.window_start,
        requests = CASE WHEN w.window_start = excluded.window_start THEN w.requests + 1 ELSE 1 END
    WHERE w.window_start <> excluded.window_start OR per_minute IS NULL OR w.requests < per_minute
  RETURNING w.requests INTO counted;
  IF counted IS NULL THEN
    RETURN QUERY SELECT false, 'minute', per_minute, per_minute,
      ceil(extract(epoch FROM minute_start + interval '1 minute' - clock_timestamp()))::int;
    RETURN;
  END IF;

  counted := NULL;
  INSERT INTO directory.api_request_windows AS w VALUES (p_tenant, 'month', month_start, 1)
  ON CONFLICT (tenant_id, span) DO UPDATE
    SET window_start = excluded.window_start,
        requests = CASE WHEN w.window_start = excluded.window_start THEN w.requests + 1 ELSE 1 END
    WHERE w.window_start <> excluded.window_start OR per_month IS NULL OR w.requests < per_month
  RETURNING w.requests INTO counted;
  IF counted IS NULL THEN
    UPDATE directory.api_request_windows w SET requests = w.requests - 1 WHERE w.tenant_id = p_tenant AND w.span = 'minute';
    RETURN QUERY SELECT false, 'month', per_month, per_month,
      ceil(extract(epoch FROM month_start + interval '1 month' - clock_timestamp()))::int;
    RETURN;
  END IF;
  RETURN QUERY SELECT true, NULL::text, per_month, counted, 0;
END $$;
REVOKE ALL ON FUNCTION directory.count_api_request(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.count_api_request(uuid) TO tenantry_app;

-- This month's API requests of the bound tenant, for its plan page.
CREATE FUNCTION directory.api_requests_this_month() RETURNS int
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public SET TimeZone = 'UTC'
  AS $$
    SELECT coalesce((SELECT requests FROM directory.api_request_windows
                     WHERE tenant_id = current_tenant_id() AND span = 'month' AND window_start = date_trunc('month', now())), 0)
  $$;
REVOKE ALL ON FUNCTION directory.api_requests_this_month() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.api_requests_this_month() TO tenantry_app;
