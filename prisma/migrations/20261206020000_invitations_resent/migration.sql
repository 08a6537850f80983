-- An open invitation can be sent again with a new link (the old one stops working) and a new week.
GRANT UPDATE (token_hash, expires_at) ON invitations TO tenantry_app;
