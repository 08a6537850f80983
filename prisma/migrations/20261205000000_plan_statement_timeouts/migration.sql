-- Noisy neighbours: how long one statement of a tenant may run, per plan. The app binds it with
-- the tenant, in the same round trip (set_config('statement_timeout', …, true)), so a tenant's
-- pathological query is cut off at its plan's limit instead of holding a connection and a core.
ALTER TABLE plans ADD COLUMN statement_timeout_ms int NOT NULL DEFAULT 5000 CHECK (statement_timeout_ms BETWEEN 100 AND 600000);
UPDATE plans SET statement_timeout_ms = CASE id WHEN 'free' THEN 2000 WHEN 'pro' THEN 5000 ELSE 15000 END;
