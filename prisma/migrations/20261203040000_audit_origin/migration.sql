-- The audit trail says from where as well as who: the client's address (as the app established
-- it, through the configured trusted proxies) and its user agent, for events made by a request.
ALTER TABLE events
  ADD COLUMN ip text CHECK (length(ip) <= 64),
  ADD COLUMN user_agent text CHECK (length(user_agent) <= 400);
-- The audit log is read newest first, filtered by type or actor: the (tenant_id, id) index serves
-- the order; a type filter narrows with this one.
CREATE INDEX events_tenant_id_type_id_idx ON events (tenant_id, type, id);
