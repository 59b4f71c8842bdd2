class Plugin:
    registry = {}

    def __init__(self, name):
        self.name = name

    @classmethod
    def register(cls, name):
        def deco(klass):
            cls.registry[name] = klass
            return klass
        return deco

    @staticmethod
    def describe(obj):
        return f"<{type(obj).__name__}:{obj.name}>"

@Plugin.register("upper")
class Upper(Plugin):
    def run(self, s):
        return s.upper()

@Plugin.register("reverse")
class Reverse(Plugin):
    def run(self, s):
        return "".join(reversed(s))

for key in sorted(Plugin.registry):
    p = Plugin.registry[key](key)
    print(Plugin.describe(p), p.run("hello"))
