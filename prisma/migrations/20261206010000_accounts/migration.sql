-- People manage their own account: a name, a password they change or reset by email. The app holds
-- no grant on control-plane tables, so a reset link is stored and used up through functions, and a
-- password is only ever set together with ending the sessions it should end.

CREATE TABLE directory.password_resets (
  token_hash bytea PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL,
  used_at    timestamptz(3)
);
CREATE INDEX directory_password_resets_user_id_idx ON directory.password_resets (user_id);
REVOKE ALL ON directory.password_resets FROM tenantry_app;

-- Asking again replaces the earlier link: only the newest one works.
CREATE FUNCTION directory.store_password_reset(p_token_hash bytea, p_user_id uuid, p_minutes int) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    DELETE FROM directory.password_resets WHERE user_id = p_user_id AND used_at IS NULL;
    INSERT INTO directory.password_resets (token_hash, user_id, expires_at)
    VALUES (p_token_hash, p_user_id, now() + make_interval(mins => p_minutes));
  $$;

-- Whose account an unused, unexpired link is for (the reset page names it), without using it.
CREATE FUNCTION directory.password_reset_email(p_token_hash bytea) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT u.email FROM directory.password_resets r JOIN users u ON u.id = r.user_id
    WHERE r.token_hash = p_token_hash AND r.used_at IS NULL AND r.expires_at > now()
  $$;

-- Atomic: the link is used up, the password set and every session of the account ended, or
-- nothing happens (a second use, an expired link: null).
CREATE FUNCTION directory.use_password_reset(p_token_hash bytea, p_password_hash text) RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE
  v_user uuid;
BEGIN
  UPDATE directory.password_resets SET used_at = now()
  WHERE token_hash = p_token_hash AND used_at IS NULL AND expires_at > now()
  RETURNING user_id INTO v_user;
  IF v_user IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE users SET password_hash = p_password_hash WHERE id = v_user;
  UPDATE sessions SET ended_at = now() WHERE user_id = v_user AND ended_at IS NULL;
  DELETE FROM directory.password_resets WHERE user_id = v_user AND used_at IS NULL;
  RETURN v_user;
END $$;

-- A change by the signed-in person (the app has checked the current password): every session of
-- the account but the one making the change ends, and any reset link still out stops working.
CREATE FUNCTION directory.change_password(p_user_id uuid, p_password_hash text, p_keep_session uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    UPDATE users SET password_hash = p_password_hash WHERE id = p_user_id;
    UPDATE sessions SET ended_at = now() WHERE user_id = p_user_id AND ended_at IS NULL AND id <> p_keep_session;
    DELETE FROM directory.password_resets WHERE user_id = p_user_id AND used_at IS NULL;
  $$;

REVOKE ALL ON FUNCTION directory.store_password_reset(bytea, uuid, int), directory.password_reset_email(bytea),
  directory.use_password_reset(bytea, text), directory.change_password(uuid, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION directory.store_password_reset(bytea, uuid, int), directory.password_reset_email(bytea),
  directory.use_password_reset(bytea, text), directory.change_password(uuid, text, uuid) TO tenantry_app;

-- A person's display name is theirs to change.
GRANT UPDATE (name) ON users TO tenantry_app;
