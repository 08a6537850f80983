-- Invitations: an admin invites an email with a role; the link carries a single-use token that
-- expires. Only a SHA-256 of the token is stored.
CREATE TABLE invitations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL DEFAULT current_tenant_id() REFERENCES tenants (id) ON DELETE CASCADE,
  email       text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  role        membership_role NOT NULL CHECK (role <> 'owner'),
  token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  invited_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  expires_at  timestamptz(3) NOT NULL,
  accepted_at timestamptz(3),
  revoked_at  timestamptz(3)
);
-- At most one open invitation per email and workspace.
CREATE UNIQUE INDEX invitations_open_email_idx ON invitations (tenant_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_tenant_id_created_at_idx ON invitations (tenant_id, created_at);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
  USING (tenant_id = (SELECT current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT current_tenant_id()));

GRANT SELECT, INSERT ON invitations TO tenantry_app;
GRANT UPDATE (accepted_at, revoked_at) ON invitations TO tenantry_app;

-- Someone accepting an invitation may need an account first.
GRANT INSERT (email, name, password_hash) ON users TO tenantry_app;
