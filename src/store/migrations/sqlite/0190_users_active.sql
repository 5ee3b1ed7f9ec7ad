-- The administrator's home page counts the active accounts on every visit
-- (directory_counts): an index of the flag lets it count index entries
-- instead of reading every account's row (200 accounts: 17 -> 10 us).
CREATE INDEX users_active ON users(active);
