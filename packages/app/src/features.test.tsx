import { useApi } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { formFieldsApiRef } from '@backstage/plugin-scaffolder/alpha';
import { screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { features } from './App';

jest.setTimeout(30_000);

/** Lists the form fields the Create wizard gets from the app, as the scaffolder page loads them. */
function FormFieldNames() {
  const formFieldsApi = useApi(formFieldsApiRef);
  const [names, setNames] = useState<string[]>();
  useEffect(() => {
    formFieldsApi.loadFormFields().then(fields =>
      // The form fields are opaque; the scaffolder reads their name like this.
      setNames(
        fields.map(field => (field as unknown as { name: string }).name),
      ),
    );
  }, [formFieldsApi]);
  if (!names) {
    return null;
  }
  return (
    <ul aria-label="Form fields">
      {names.map(name => (
        <li key={name}>{name}</li>
      ))}
    </ul>
  );
}

describe('app features', () => {
  it('give the Create wizard the Skyforge cost preview and policy check fields', async () => {
    await renderInTestApp(<FormFieldNames />, { features });
    const list = await screen.findByRole('list', { name: 'Form fields' });
    expect(list).toHaveTextContent('SkyforgeCostEstimate');
    expect(list).toHaveTextContent('SkyforgeStackCheck');
  });
});
