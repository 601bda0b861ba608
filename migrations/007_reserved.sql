-- Reserved for issue 18's migration (numbers are handed out per issue; the runner needs them without gaps). Nothing
-- here: when issue 18's 007 lands, it replaces this file.
SELECT 1;
