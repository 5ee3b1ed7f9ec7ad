/* Services: profile (being moved here from src/api; see docs/architecture.md). */
