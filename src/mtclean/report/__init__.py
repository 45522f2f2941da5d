"""Views of a run's results: JSON for machines, a diff, HTML for reviewers, a terminal table."""
