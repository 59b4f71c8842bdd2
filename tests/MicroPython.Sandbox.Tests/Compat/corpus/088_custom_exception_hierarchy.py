class AppError(Exception):
    code = 1

class NotFound(AppError):
    code = 404

class Forbidden(AppError):
    code = 403

def fetch(resource):
    if resource.startswith("secret"):
        raise Forbidden(resource)
    if resource not in {"home", "about"}:
        raise NotFound(resource)
    return f"<{resource}>"

for r in ["home", "secret/keys", "blog", "about"]:
    try:
        print(fetch(r))
    except AppError as e:
        print(f"{type(e).__name__}({e}) code={e.code}")
print(issubclass(NotFound, AppError), isinstance(Forbidden("x"), Exception))
