"""The project's tools: builds, checks and measurements that learners never import."""
