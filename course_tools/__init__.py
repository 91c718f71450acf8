"""The course's tools: what builds, runs, publishes and checks the notebooks."""
