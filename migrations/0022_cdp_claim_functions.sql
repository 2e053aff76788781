-- Live identity resolution in few round trips. The application plans a claim on a snapshot read without
-- locks (cdp_claim_snapshot), and cdp_apply_planned_claim writes the plan in one statement after checking,
-- under the claim's locks, that everything the plan relied on is unchanged. A plan found stale takes the
-- locked path: lock and read in one call (cdp_lock_claim_snapshot) and write in another (cdp_write_claim)
-- inside a transaction. PL/pgSQL keeps the plans of these statements per session, where a statement sent
-- from the application is planned on every call, and force_generic_plan stops it from planning each call
-- again with the arguments, which cost more than running the plans.

-- No query searches identities by trigram, and every live claim paid for updating the GIN index (with
-- fastupdate, one insert in a few hundred also merged the whole pending list into it).
DROP INDEX "identities_value_trgm_idx";--> statement-breakpoint

-- Identifiers among (p_types, p_values) that were linked in claims together with more than p_threshold
-- distinct values of one of p_person_types, with that count. Rows: type, value, other_type, distinct_values.
CREATE OR REPLACE FUNCTION cdp_widely_shared(p_types text[], p_values text[], p_person_types text[], p_threshold int)
RETURNS TABLE (type text, value text, other_type text, distinct_values int)
LANGUAGE sql STABLE AS $$
  select distinct on (seen.type, seen.value) seen.type, seen.value, other.type, count(distinct other.value)::int
    from unnest(p_types, p_values) as c(type, value)
    join identity_links seen on seen.type = c.type and seen.value = c.value and seen.status = 'linked'
    join identity_links other on other.claim_id = seen.claim_id
   where other.status in ('linked', 'over_limit') and other.value <> seen.value and other.type = any(p_person_types)
   group by seen.type, seen.value, other.type
  having count(distinct other.value) > p_threshold
   order by seen.type, seen.value, count(distinct other.value) desc
$$;--> statement-breakpoint

-- The planner's snapshot for a claim's identifiers (p_types, p_values), without locks: which are blocked,
-- which profiles own the others, those profiles' groups (every member's identifiers) and which pairs of
-- them an agent separated.
CREATE OR REPLACE FUNCTION cdp_claim_snapshot(p_types text[], p_values text[])
RETURNS json
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN (
    WITH c AS (SELECT * FROM unnest(p_types, p_values) AS c(type, value)),
    known AS (
      SELECT i.type, i.value, i.profile_id, p.canonical_id
        FROM c JOIN identities i ON i.type = c.type AND i.value = c.value JOIN profiles p ON p.id = i.profile_id),
    heads AS (SELECT id, created_at FROM profiles WHERE id IN (SELECT canonical_id FROM known)),
    members AS (
      SELECT p.canonical_id, i.type, i.value
        FROM profiles p JOIN identities i ON i.profile_id = p.id WHERE p.canonical_id IN (SELECT canonical_id FROM known)),
    pairs AS (
      SELECT w.canonical_id AS a, l.canonical_id AS b
        FROM profile_merges m JOIN profiles w ON w.id = m.winner_id JOIN profiles l ON l.id = m.loser_id
       WHERE m.undone_at IS NOT NULL AND m.undo_reason IS DISTINCT FROM 'quarantine'
         AND w.canonical_id IN (SELECT canonical_id FROM known) AND l.canonical_id IN (SELECT canonical_id FROM known))
    SELECT json_build_object(
      'blocked', (SELECT json_agg(json_build_object('type', b.type, 'value', b.value))
                    FROM c JOIN identity_blocklist b ON b.type = c.type AND b.value = c.value),
      'known', (SELECT json_agg(known) FROM known),
      'heads', (SELECT json_agg(heads) FROM heads),
      'members', (SELECT json_agg(members) FROM members),
      'pairs', (SELECT json_agg(pairs) FROM pairs)));
END
$$;--> statement-breakpoint

-- Takes what every claim locks first: the identity graph lock (727001, the key of lockIdentityGraph in
-- src/cdp/merge.ts) shared, then one advisory lock per claimed `type:value` key. The caller sorts p_keys,
-- so two claims never wait on each other in a circle, and no identifier is created twice. Commits of the
-- calling transaction skip the WAL flush wait: a crash can lose the last few milliseconds of claims but
-- never corrupts them, and every later synchronous commit flushes them first.
CREATE OR REPLACE FUNCTION cdp_lock_claim_keys(p_keys text[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_key text;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM pg_advisory_xact_lock_shared(727001);
  FOREACH v_key IN ARRAY p_keys LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_key, 727001));
  END LOOP;
END
$$;--> statement-breakpoint

-- Locks what one claim may change and returns cdp_claim_snapshot for it: the claim's keys
-- (cdp_lock_claim_keys), then the rows of the canonical profiles that own claimed identifiers, again until a
-- merge that finished meanwhile adds none, because merges rewrite a group's canonical_id under its canonical
-- row. Each statement of a PL/pgSQL function reads a fresh snapshot under READ COMMITTED, so the snapshot
-- sees everything committed before the locks were granted.
CREATE OR REPLACE FUNCTION cdp_lock_claim_snapshot(p_keys text[], p_types text[], p_values text[])
RETURNS json
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_locked text[] := '{}';
  v_missing text[];
BEGIN
  PERFORM cdp_lock_claim_keys(p_keys);
  LOOP
    SELECT coalesce(array_agg(DISTINCT p.canonical_id ORDER BY p.canonical_id), '{}') INTO v_missing
      FROM unnest(p_types, p_values) AS c(type, value)
      JOIN identities i ON i.type = c.type AND i.value = c.value
      JOIN profiles p ON p.id = i.profile_id
     WHERE NOT p.canonical_id = ANY (v_locked);
    EXIT WHEN cardinality(v_missing) = 0;
    PERFORM 1 FROM profiles WHERE id = ANY (v_missing) ORDER BY id FOR UPDATE;
    v_locked := v_locked || v_missing;
  END LOOP;

  RETURN cdp_claim_snapshot(p_types, p_values);
END
$$;--> statement-breakpoint

-- Recomputes the surviving profile fields of a canonical profile from every member's recorded values: a
-- manual edit wins over everything, then the most recent verified value, then the most recent value. A field
-- without recorded values keeps its column. The columns are those of `profileFields` in src/cdp/schema.ts.
CREATE OR REPLACE FUNCTION cdp_refresh_profile_fields(p_canonical_id text)
RETURNS void
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  WITH winners AS (
    SELECT DISTINCT ON (v.field) v.field, v.value
      FROM profile_field_values v JOIN profiles p ON p.id = v.profile_id
     WHERE p.canonical_id = p_canonical_id
     ORDER BY v.field, (v.source = 'manual') DESC, v.verified DESC, v.observed_at DESC, v.id DESC)
  UPDATE profiles SET
    display_name = CASE WHEN EXISTS (SELECT 1 FROM winners WHERE field = 'display_name') THEN (SELECT value FROM winners WHERE field = 'display_name') ELSE display_name END,
    city = CASE WHEN EXISTS (SELECT 1 FROM winners WHERE field = 'city') THEN (SELECT value FROM winners WHERE field = 'city') ELSE city END,
    birthday = CASE WHEN EXISTS (SELECT 1 FROM winners WHERE field = 'birthday') THEN (SELECT value FROM winners WHERE field = 'birthday') ELSE birthday END,
    locale = CASE WHEN EXISTS (SELECT 1 FROM winners WHERE field = 'locale') THEN (SELECT value FROM winners WHERE field = 'locale') ELSE locale END,
    updated_at = now()
   WHERE id = p_canonical_id AND EXISTS (SELECT 1 FROM winners);
END
$$;--> statement-breakpoint

-- Writes one planned claim from p_claim (JSON built by the application): first the plan's merges (each
-- loser's group folded under the winner's member and the merge recorded with the claim; p_claim.merges is
-- [{id, winner_member_id, winner_id, loser_id, rule, via_type, via_value}]), then new profiles,
-- identities, the claim with its links (under the claim's seq) and merge candidates. After merges the
-- anchor's surviving fields are recomputed. Returns, as JSON, the claim's active identifiers that are now
-- widely shared (cdp_widely_shared with p_claim.person_types and p_claim.threshold), or null, so that the
-- caller can quarantine them. The caller holds the claim's locks.
CREATE OR REPLACE FUNCTION cdp_write_claim(p_claim jsonb)
RETURNS json
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_seq bigint;
  v_observed_at timestamptz := (p_claim->>'observed_at')::timestamptz;
  v_claim_id text := p_claim->>'id';
  v_merge record;
  v_refresh text;
BEGIN
  FOR v_merge IN SELECT * FROM jsonb_to_recordset(coalesce(p_claim->'merges', '[]'))
      AS m(id text, winner_member_id text, winner_id text, loser_id text, rule text, via_type text, via_value text) LOOP
    UPDATE profiles
       SET canonical_id = v_merge.winner_id,
           merged_into = CASE WHEN id = v_merge.loser_id THEN v_merge.winner_member_id ELSE merged_into END,
           updated_at = now()
     WHERE canonical_id = v_merge.loser_id;
    INSERT INTO profile_merges (id, winner_id, loser_id, claim_id, rule, via_type, via_value, actor, created_at)
    VALUES (v_merge.id, v_merge.winner_member_id, v_merge.loser_id, v_claim_id, v_merge.rule,
            v_merge.via_type, v_merge.via_value, p_claim->>'actor', clock_timestamp());
    v_refresh := v_merge.winner_id;
  END LOOP;

  INSERT INTO profiles (id, canonical_id, created_at, updated_at)
  SELECT id, id, v_observed_at, v_observed_at FROM jsonb_array_elements_text(p_claim->'profiles') AS id;

  INSERT INTO identities (id, profile_id, type, value, source, claim_id, linked_via)
  SELECT r.id, r.profile_id, r.type, r.value, p_claim->>'source', v_claim_id, r.linked_via
    FROM jsonb_to_recordset(p_claim->'identities') AS r(id text, profile_id text, type text, value text, linked_via text);

  INSERT INTO identity_claims (id, source, actor, observed_at, outcome, profile_id, created_at)
  VALUES (v_claim_id, p_claim->>'source', p_claim->>'actor', v_observed_at, p_claim->>'outcome', p_claim->>'profile_id', clock_timestamp())
  RETURNING seq INTO v_seq;

  INSERT INTO identity_links (claim_id, claim_seq, type, value, status, rule)
  SELECT v_claim_id, v_seq, l.type, l.value, l.status, l.rule
    FROM jsonb_to_recordset(p_claim->'links') AS l(type text, value text, status text, rule text);

  INSERT INTO merge_candidates (id, profile_id, other_profile_id, claim_id, reason)
  SELECT r.id, r.profile_id, r.other_profile_id, v_claim_id, r.reason
    FROM jsonb_to_recordset(p_claim->'candidates') AS r(id text, profile_id text, other_profile_id text, reason text)
  ON CONFLICT DO NOTHING;

  IF v_refresh IS NOT NULL THEN
    PERFORM cdp_refresh_profile_fields(v_refresh);
  END IF;

  RETURN (
    SELECT json_agg(shared)
      FROM cdp_widely_shared(
        ARRAY(SELECT a->>'type' FROM jsonb_array_elements(p_claim->'active') AS a),
        ARRAY(SELECT a->>'value' FROM jsonb_array_elements(p_claim->'active') AS a),
        ARRAY(SELECT jsonb_array_elements_text(p_claim->'person_types')),
        (p_claim->>'threshold')::int) AS shared);
END
$$;--> statement-breakpoint

-- Writes a claim planned on an unlocked snapshot, if that snapshot is still current. p_claim is the payload
-- of cdp_write_claim plus what the plan relied on:
--   keys            every usable identifier as `type:value`, sorted (the claim's advisory locks);
--   types, values   the identifiers the plan used (none may be blocked now);
--   fresh           the plan's identifiers that no profile held (none may exist now);
--   known           the others, with their member and canonical profile (each must still be there);
--   groups          every canonical profile the plan read, with all its identity keys (each group must
--                   still hold exactly these, so limits and the merge order are unchanged);
--   pairs           the separated pairs among those profiles (the same pairs must be separated now).
-- The canonical profiles' rows are locked, in id order, before anything is checked. Returns
-- {"applied": false} and writes nothing when anything changed, otherwise {"applied": true, "shared":
-- <cdp_write_claim's result>}. Called outside a transaction, so its locks last this statement.
CREATE OR REPLACE FUNCTION cdp_apply_planned_claim(p_claim jsonb)
RETURNS json
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_canonicals text[] := ARRAY(SELECT g->>'canonical' FROM jsonb_array_elements(p_claim->'groups') AS g ORDER BY 1);
  v_types text[] := ARRAY(SELECT jsonb_array_elements_text(p_claim->'types'));
  v_values text[] := ARRAY(SELECT jsonb_array_elements_text(p_claim->'values'));
BEGIN
  PERFORM cdp_lock_claim_keys(ARRAY(SELECT jsonb_array_elements_text(p_claim->'keys')));
  IF cardinality(v_canonicals) > 0 THEN
    PERFORM 1 FROM profiles WHERE id = ANY (v_canonicals) ORDER BY id FOR UPDATE;
  END IF;

  IF EXISTS (SELECT 1 FROM unnest(v_types, v_values) AS c(type, value)
               JOIN identity_blocklist b ON b.type = c.type AND b.value = c.value)
     OR EXISTS (SELECT 1 FROM jsonb_to_recordset(p_claim->'fresh') AS f(type text, value text)
                  JOIN identities i ON i.type = f.type AND i.value = f.value)
     OR EXISTS (SELECT 1 FROM jsonb_to_recordset(p_claim->'known') AS k(type text, value text, profile_id text, canonical_id text)
                  LEFT JOIN identities i ON i.type = k.type AND i.value = k.value
                  LEFT JOIN profiles p ON p.id = i.profile_id
                 WHERE i.profile_id IS DISTINCT FROM k.profile_id OR p.canonical_id IS DISTINCT FROM k.canonical_id)
     OR EXISTS (
       WITH expected AS (
         SELECT g->>'canonical' AS canonical_id, k AS key
           FROM jsonb_array_elements(p_claim->'groups') AS g, jsonb_array_elements_text(g->'keys') AS k),
       actual AS (
         SELECT p.canonical_id, i.type || ':' || i.value AS key
           FROM profiles p JOIN identities i ON i.profile_id = p.id WHERE p.canonical_id = ANY (v_canonicals))
       (SELECT * FROM expected EXCEPT SELECT * FROM actual) UNION ALL (SELECT * FROM actual EXCEPT SELECT * FROM expected))
     OR EXISTS (
       WITH expected AS (SELECT x->>'a' AS a, x->>'b' AS b FROM jsonb_array_elements(p_claim->'pairs') AS x),
       actual AS (
         SELECT w.canonical_id AS a, l.canonical_id AS b
           FROM profile_merges m JOIN profiles w ON w.id = m.winner_id JOIN profiles l ON l.id = m.loser_id
          WHERE m.undone_at IS NOT NULL AND m.undo_reason IS DISTINCT FROM 'quarantine'
            AND w.canonical_id = ANY (v_canonicals) AND l.canonical_id = ANY (v_canonicals))
       (SELECT * FROM expected EXCEPT SELECT * FROM actual) UNION ALL (SELECT * FROM actual EXCEPT SELECT * FROM expected)) THEN
    RETURN json_build_object('applied', false);
  END IF;

  RETURN json_build_object('applied', true, 'shared', cdp_write_claim(p_claim));
END
$$;
