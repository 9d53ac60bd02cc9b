"""podcourse: podcast episodes and lessons to an onboarding course site."""
