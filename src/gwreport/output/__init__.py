"""Output renderers for check results, one module each: console (terminal text), json
(the DESIGN §3 / README contract), comments (a Word copy with review comments) and fixed
(a copy with every safe fix applied, planned by gwreport.fixes)."""
