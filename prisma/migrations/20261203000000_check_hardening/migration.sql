-- What `tenantry check` asks of the schema, made true where it was not.

-- Every unique key of a tenant table includes tenant_id, so no write can learn that a value exists
-- in another tenant. Where a value must be unique across tenants (a custom hostname, an API key's
-- hash) the control plane keeps it so: directory.domains and directory.api_keys are keyed by it and
-- written by trigger in the same transaction. That is also the only place it can be kept once
-- tenants live in more than one database.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_secret_hash_key;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_tenant_id_secret_hash_key UNIQUE (tenant_id, secret_hash);
ALTER TABLE invitations DROP CONSTRAINT invitations_token_hash_key;
ALTER TABLE invitations ADD CONSTRAINT invitations_tenant_id_token_hash_key UNIQUE (tenant_id, token_hash);
ALTER TABLE domains DROP CONSTRAINT domains_pkey;
ALTER TABLE domains ADD PRIMARY KEY (tenant_id, hostname);
DROP INDEX domains_tenant_id_idx;

-- The app holds no grant on any control-plane table: sign-in handoff tokens are stored and used up
-- through two functions, each answering for one token.
REVOKE ALL ON directory.sign_in_tokens FROM tenantry_app;

CREATE FUNCTION directory.store_sign_in_token(p_token_hash bytea, p_user_id uuid, p_tenant_id uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    INSERT INTO directory.sign_in_tokens (token_hash, user_id, tenant_id, expires_at)
    VALUES (p_token_hash, p_user_id, p_tenant_id, now() + interval '1 minute')
  $$;

-- Atomic: a second use finds nothing; on another tenant the token is not found.
CREATE FUNCTION directory.use_sign_in_token(p_token_hash bytea, p_tenant_id uuid) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    UPDATE directory.sign_in_tokens SET used_at = now()
    WHERE token_hash = p_token_hash AND tenant_id = p_tenant_id AND used_at IS NULL AND expires_at > now()
    RETURNING user_id
  $$;

REVOKE ALL ON FUNCTION directory.store_sign_in_token(bytea, uuid, uuid), directory.use_sign_in_token(bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.store_sign_in_token(bytea, uuid, uuid), directory.use_sign_in_token(bytea, uuid) TO tenantry_app;
