-- Performance qualifications (issue 13): granted while a worker's control accuracy
-- (percent of control items answered right, the qualification's pass_score) holds
-- after min_controls control answers.
ALTER TABLE qualifications ADD COLUMN min_controls BIGINT;
