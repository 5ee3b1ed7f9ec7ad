/* Services: participant (being moved here from src/api; see docs/architecture.md). */
