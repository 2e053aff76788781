-- Every profile with the profile it currently counts as: itself, or the surviving profile it was merged
-- into. Analytics joins it to count each customer once; the CDP keeps profiles.canonical_id current on
-- every merge and unmerge, so the view needs no recursion.
CREATE VIEW profile_canonical AS
  SELECT id AS profile_id, canonical_id FROM profiles;
--> statement-breakpoint
-- A merged profile must point to another profile, and a profile that points nowhere is its own canonical one.
ALTER TABLE profiles ADD CONSTRAINT profiles_merge_consistent CHECK (
  (merged_into IS NULL AND canonical_id = id) OR (merged_into IS NOT NULL AND merged_into <> id AND canonical_id <> id)
);
--> statement-breakpoint
ALTER TABLE identity_links ADD CONSTRAINT identity_links_status_valid
  CHECK (status IN ('linked', 'invalid', 'blocked', 'over_limit'));
--> statement-breakpoint
ALTER TABLE merge_candidates ADD CONSTRAINT merge_candidates_distinct_profiles CHECK (profile_id <> other_profile_id);
--> statement-breakpoint
ALTER TABLE profile_merges ADD CONSTRAINT profile_merges_distinct_profiles CHECK (winner_id <> loser_id);
