-- Live identity resolution in two round trips: one function locks what a claim may change and reads the
-- snapshot the planner needs, another writes the planned rows and checks the claim's identifiers for
-- quarantine. PL/pgSQL keeps the plans of their statements per session, where a statement sent from the
-- application is planned on every call.

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

-- Locks what one claim may change and returns the planner's snapshot as JSON. Locks, in this order: the
-- identity graph lock (727001) shared, one advisory lock per claimed key (p_keys, sorted by the caller so
-- that two claims never wait on each other in a circle), then the rows of the canonical profiles that own
-- claimed identifiers, again until a merge that finished meanwhile adds none. Each statement of a PL/pgSQL
-- function reads a fresh snapshot under READ COMMITTED, so the snapshot below sees everything committed
-- before the locks were granted. Commits of the calling transaction skip the WAL flush wait.
CREATE OR REPLACE FUNCTION cdp_lock_claim_snapshot(p_keys text[], p_types text[], p_values text[])
RETURNS json
LANGUAGE plpgsql
-- Custom plans were planned again on every call, which cost more than running them.
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_key text;
  v_locked text[] := '{}';
  v_missing text[];
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM pg_advisory_xact_lock_shared(727001);
  FOREACH v_key IN ARRAY p_keys LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_key, 727001));
  END LOOP;

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

-- Writes one planned claim: new profiles, identities, the claim with its links (under the claim's seq)
-- and merge candidates, from p_claim (JSON built by the application). Then returns, as JSON, the claim's
-- active identifiers that are now widely shared (cdp_widely_shared with p_claim.person_types and
-- p_claim.threshold), or null, so the caller can quarantine them.
CREATE OR REPLACE FUNCTION cdp_write_claim(p_claim jsonb)
RETURNS json
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_seq bigint;
  v_observed_at timestamptz := (p_claim->>'observed_at')::timestamptz;
  v_claim_id text := p_claim->>'id';
BEGIN
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

  RETURN (
    SELECT json_agg(shared)
      FROM cdp_widely_shared(
        ARRAY(SELECT a->>'type' FROM jsonb_array_elements(p_claim->'active') AS a),
        ARRAY(SELECT a->>'value' FROM jsonb_array_elements(p_claim->'active') AS a),
        ARRAY(SELECT jsonb_array_elements_text(p_claim->'person_types')),
        (p_claim->>'threshold')::int) AS shared);
END
$$;
