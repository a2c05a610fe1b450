import type { JSX } from 'preact';
import type { BrandRef } from '../api/types';

/** Picks one of the user's brands (pages whose API is per brand: inbox, live updates). */
export function BrandSelect({
  brands,
  value,
  onChange,
  allowAll,
}: {
  brands: readonly BrandRef[];
  value: string | undefined;
  onChange: (brand: string | undefined) => void;
  allowAll?: boolean;
}): JSX.Element {
  return (
    <label class="field">
      Brand
      <select
        name="brand"
        value={value ?? ''}
        onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      >
        {allowAll && <option value="">all brands</option>}
        {brands.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </label>
  );
}
