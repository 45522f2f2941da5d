"""Measuring mtclean against the field's yardsticks: sacrebleu scores against
references (score), rule edits against human post-edits (evaluate), and rule
candidates mined from post-edits (learn). One module per job."""
