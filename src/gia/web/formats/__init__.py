"""Date formats of GIA's languages where Django's defaults do not suit the platform's readers."""
