/** The roles a workspace can hand out by invitation or API key (owner is never given this way). */
export function RoleSelect({ defaultValue, className }: { defaultValue: string; className: string }) {
  return (
    <select name="role" defaultValue={defaultValue} className={className}>
      <option value="viewer">viewer (read)</option>
      <option value="member">member (read, write)</option>
      <option value="admin">admin</option>
    </select>
  );
}
