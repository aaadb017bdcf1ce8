"""What the tests share besides fixtures: paths, the seed registry's ids, a predictable id
source and tiny Argos models."""
