from wagtail.permission_policies import ModelPermissionPolicy


class RecordPermissionPolicy(ModelPermissionPolicy):
    """Records are never deleted (a link is withdrawn, with a reason)."""

    blocked = frozenset({"delete"})

    def user_has_permission(self, user, action):
        return action not in self.blocked and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        allowed = set(actions) - self.blocked
        return bool(allowed) and super().user_has_any_permission(user, allowed)


class ReadOnlyPermissionPolicy(RecordPermissionPolicy):
    """Rows written only by the engine: editors may look, not add or change."""

    blocked = frozenset({"add", "change", "delete"})
