-- A tenant's events get their ids in commit order. Live streams read the log past a cursor (the
-- last id they sent); ids come from a sequence, so two transactions of one tenant could take 150
-- and 151 and commit 151 first: a reader that saw 151 would skip 150 for ever (found by the
-- restart test under concurrent writes: 7 events of ~950 never reached the streams).
--
-- The cure: before an INSERT into events draws its ids (a BEFORE STATEMENT trigger fires before
-- any row is formed, so before the identity's nextval), it takes a per-tenant transaction lock,
-- held until commit. The next writer of the same tenant draws its id only after this one has
-- committed, so per tenant a larger id always committed later. Events are the last write of a
-- transaction, so the lock is held for about one round trip (the COMMIT); other tenants never wait.
-- Inserts with no tenant bound (the owner restoring an export, which keeps its ids) take none.
CREATE FUNCTION order_tenant_events() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
BEGIN
  IF current_tenant_id() IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('tenantry.events'), hashtext(current_tenant_id()::text));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER events_in_commit_order BEFORE INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION order_tenant_events();
