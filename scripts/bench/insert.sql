\set o random(1, 128)
INSERT INTO bench_insert (org, body) VALUES ('org-' || :o, '{"ranking": ["c-a", "c-b", "c-c"]}');
