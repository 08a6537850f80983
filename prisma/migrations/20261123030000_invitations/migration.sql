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

SELECT enable_tenant_isolation('invitations');

GRANT SELECT, INSERT ON invitations TO tenantry_app;
GRANT UPDATE (accepted_at, revoked_at) ON invitations TO tenantry_app;

-- Someone accepting an invitation may need an account first.
GRANT INSERT (email, name, password_hash) ON users TO tenantry_app;
