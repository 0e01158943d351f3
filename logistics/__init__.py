"""Travel, visas and stay of the people attending an event: follow-up forms, visa letters, flights and pickups, rooming, travel grants."""
