// Signs in through Identity's own endpoint so the browser receives the sign-in cookie; a Blazor circuit cannot set one.
export async function signIn(email, password) {
  const response = await fetch("api/auth/login?useCookies=true", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.ok) {
    return { ok: true, detail: "" };
  }
  let detail = "";
  try {
    detail = (await response.json()).detail ?? "";
  } catch {
    detail = "";
  }
  return { ok: false, status: response.status, detail };
}
