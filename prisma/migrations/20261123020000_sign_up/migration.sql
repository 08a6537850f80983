-- Sign-up: a new company, its first user and that user's owner membership, in one transaction.

-- The app may not write the tenant directory, so provisioning runs as the owner, with every
-- input checked here as well as in the app. An existing user (whose password the app has
-- verified) may be passed by id instead of an email and password hash.
CREATE FUNCTION provision_tenant(
  p_slug text, p_name text, p_user_id uuid, p_email text, p_user_name text, p_password_hash text
) RETURNS TABLE (tenant_id uuid, user_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
DECLARE
  v_tenant uuid;
  v_user uuid := p_user_id;
BEGIN
  INSERT INTO tenants (slug, name) VALUES (p_slug, p_name) RETURNING id INTO v_tenant;
  IF v_user IS NULL THEN
    INSERT INTO users (email, name, password_hash) VALUES (p_email, p_user_name, p_password_hash) RETURNING id INTO v_user;
  END IF;
  INSERT INTO memberships (tenant_id, user_id, role) VALUES (v_tenant, v_user, 'owner');
  RETURN QUERY SELECT v_tenant, v_user;
END $$;
REVOKE ALL ON FUNCTION provision_tenant(text, text, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provision_tenant(text, text, uuid, text, text, text) TO tenantry_app;

-- One-time tokens that carry a fresh sign-in from one host to another (the root domain's
-- sign-up to the new workspace's subdomain), where cookies do not follow. Stored hashed.
CREATE TABLE sign_in_tokens (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
GRANT SELECT, INSERT ON sign_in_tokens TO tenantry_app;
GRANT UPDATE (used_at) ON sign_in_tokens TO tenantry_app;
