/** Dashboard URLs (the shapes agreed with the dashboard, see DASHBOARD-CONTRACT in the README). */
export interface DashboardLinks {
  alert: string;
  mentions: string;
  brand: string;
}

function base(dashboardUrl: string): string {
  return dashboardUrl.replace(/\/+$/, '');
}

export function dashboardLinks(
  dashboardUrl: string,
  alert: { alertId: string; brand: string; window: { start: string; end: string } },
): DashboardLinks {
  const root = base(dashboardUrl);
  const brand = `${root}/brands/${encodeURIComponent(alert.brand)}`;
  const range = new URLSearchParams({ from: alert.window.start, to: alert.window.end });
  return {
    alert: `${root}/alerts/${encodeURIComponent(alert.alertId)}`,
    mentions: `${brand}/mentions?${range.toString()}`,
    brand,
  };
}

export function brandUrl(dashboardUrl: string, brand: string): string {
  return `${base(dashboardUrl)}/brands/${encodeURIComponent(brand)}`;
}

export function emailActionUrl(dashboardUrl: string, token: string): string {
  return `${base(dashboardUrl)}/email-actions/${token}`;
}
