-- Sessions that end on the server. A session cookie is a signed token (Auth.js JWT); by itself it
-- stays valid until it expires, so a copied cookie outlived "Sign out". Each sign-in now starts a
-- row here whose id the token carries; signing out (or out everywhere) ends the row, and a token
-- whose session has ended is refused.
CREATE TABLE sessions (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  ended_at   timestamptz(3)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE ended_at IS NULL;
GRANT SELECT, INSERT ON sessions TO tenantry_app;
GRANT UPDATE (ended_at) ON sessions TO tenantry_app;

-- A sign-in handoff works only on the workspace it was made for. The tokens are control-plane
-- data (a user's way into a workspace, made before it is bound), so they move to the directory.
DELETE FROM sign_in_tokens;
ALTER TABLE sign_in_tokens SET SCHEMA directory;
ALTER TABLE directory.sign_in_tokens ADD COLUMN tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE;

-- Credentials do not outlive their owner's membership: removing a member revokes the API keys they
-- created in that workspace, in the same transaction, whichever code path removes them. (When the
-- whole tenant goes, its keys go with it and there is nothing to revoke.)
CREATE FUNCTION revoke_keys_of_removed_member() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
    UPDATE api_keys SET revoked_at = now() WHERE tenant_id = OLD.tenant_id AND created_by = OLD.user_id AND revoked_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_revoke_keys AFTER DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION revoke_keys_of_removed_member();
