from collections import ChainMap

defaults = {"theme": "light", "lang": "en", "autosave": True}
user = {"theme": "dark"}
session = {"lang": "fr"}
settings = ChainMap(session, user, defaults)
print(settings["theme"], settings["lang"], settings["autosave"])
print(sorted(settings.keys()))
settings["autosave"] = False
print(session, defaults["autosave"])
child = settings.new_child({"theme": "blue"})
print(child["theme"], settings["theme"])
