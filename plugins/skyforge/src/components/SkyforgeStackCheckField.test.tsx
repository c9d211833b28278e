import { ResponseError } from '@backstage/errors';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { StackCheckResponse } from '@skyforge/plugin-skyforge-common';
import { TestApiProvider } from '@backstage/test-utils';
import { render, screen, waitFor, within } from '@testing-library/react';
import { type ReactNode, useState } from 'react';
import {
  stackCheckPassedWithoutKubectl,
  stackCheckWithFindings,
} from '../__fixtures__/stackCheck';
import { forbiddenError } from '../__testUtils__/forbiddenError';
import { type SkyforgeApi, skyforgeApiRef } from '../api';
import { SkyforgeStackCheckField } from './SkyforgeStackCheckField';

jest.setTimeout(30_000);

/** The kubernetes-platform template's form values once every stack field is filled in. */
const form = {
  name: 'payments-api',
  owner: 'group:default/payments',
  cloud: 'aws',
  region: 'us-east-1',
  environments: ['dev', 'prod'],
  size: 'small',
  spot: 'dev',
  gpu: false,
  postgres: true,
  objectStorage: true,
  registry: true,
  image: 'ghcr.io/acme/payments-api:1.4.2',
  port: 8080,
};

const settled = { timeout: 5_000 };

/** The field as the scaffolder's form renders it: the whole form in the context, its own value in state. */
function FieldInForm(props: {
  values: Record<string, unknown>;
  onValue: (value: string | undefined) => void;
}) {
  const [value, setValue] = useState<string | undefined>();
  const fieldProps = {
    name: 'policyCheck',
    schema: { type: 'string', title: 'Policy check' },
    uiSchema: {},
    idSchema: { $id: 'root_policyCheck' },
    formData: value,
    formContext: { formData: { ...props.values, policyCheck: value } },
    onChange: (next: string | undefined) => {
      setValue(next);
      props.onValue(next);
    },
    onBlur: () => {},
    onFocus: () => {},
    disabled: false,
    readonly: false,
    rawErrors: [],
    registry: {},
  } as unknown as FieldExtensionComponentProps<string>;
  return <SkyforgeStackCheckField {...fieldProps} />;
}

function renderField(
  values: Record<string, unknown>,
  checkStack: SkyforgeApi['checkStack'],
) {
  const onValue = jest.fn();
  const api: Pick<SkyforgeApi, 'checkStack'> = { checkStack };
  const { rerender } = render(
    <FieldInForm values={values} onValue={onValue} />,
    {
      wrapper: ({ children }: { children: ReactNode }) => (
        <TestApiProvider apis={[[skyforgeApiRef, api]]}>
          {children}
        </TestApiProvider>
      ),
    },
  );
  return {
    onValue,
    setValues: (next: Record<string, unknown>) =>
      rerender(<FieldInForm values={next} onValue={onValue} />),
  };
}

function resolving(response: StackCheckResponse) {
  return jest.fn(async (_values: Record<string, unknown>) => response);
}

describe('SkyforgeStackCheckField', () => {
  it('lists each finding with its rule, file and message, and keeps the count as its value', async () => {
    const checkStack = resolving(stackCheckWithFindings);
    const { onValue } = renderField(form, checkStack);

    expect(
      await screen.findByText(
        '2 findings in 31 Terraform files and 2 Kustomize overlays:',
        {},
        settled,
      ),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Policy check findings' });
    const [security, manifest] = within(list).getAllByRole('listitem');
    expect(security).toHaveTextContent(
      'CKV2_AWS_6 (security): S3 bucket has a public access block: block_public_acls must be true',
    );
    expect(security).toHaveTextContent(
      'infra/aws/modules/object-storage/main.tf (aws_s3_bucket_public_access_block.this)',
    );
    expect(manifest).toHaveTextContent('run-as-non-root (manifest)');
    expect(manifest).toHaveTextContent('deploy/overlays/prod-aws');
    await waitFor(() =>
      expect(onValue).toHaveBeenLastCalledWith(
        '2 findings: CKV2_AWS_6, run-as-non-root',
      ),
    );
    // The form values are sent as the form holds them, without the field's own value.
    expect(checkStack).toHaveBeenCalledTimes(1);
    expect(checkStack).toHaveBeenCalledWith(form);
  });

  it('says the check passed, and which checks were skipped', async () => {
    const { onValue } = renderField(
      form,
      resolving(stackCheckPassedWithoutKubectl),
    );
    expect(
      await screen.findByText(
        'Passed: no findings in 31 Terraform files and 0 Kustomize overlays.',
        {},
        settled,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Skipped: manifest checks of/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(onValue).toHaveBeenLastCalledWith(
        'passed (manifest checks skipped)',
      ),
    );
  });

  it('checks once the form rests, and again only when the stack changes', async () => {
    const checkStack = resolving(stackCheckPassedWithoutKubectl);
    const { setValues } = renderField(form, checkStack);
    // Edits in quick succession: one check, of the last values.
    setValues({ ...form, size: 'medium' });
    setValues({ ...form, size: 'large' });
    await screen.findByText(/^Passed/, {}, settled);
    expect(checkStack).toHaveBeenCalledTimes(1);
    expect(checkStack).toHaveBeenLastCalledWith({ ...form, size: 'large' });

    // A field that is not the stack's (the repository) does not check again.
    setValues({ ...form, size: 'large', repoUrl: 'github.com?repo=x' });
    await new Promise(resolve => setTimeout(resolve, 1_200));
    expect(checkStack).toHaveBeenCalledTimes(1);
  });

  it('names the fields to fill in and does not call the backend before the form makes a stack', async () => {
    const checkStack = resolving(stackCheckWithFindings);
    const { owner: _owner, image: _image, ...incomplete } = form;
    const { onValue } = renderField(incomplete, checkStack);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Fill in or fix owner, image to run the policy check.',
    );
    await new Promise(resolve => setTimeout(resolve, 1_200));
    expect(checkStack).not.toHaveBeenCalled();
    expect(onValue).not.toHaveBeenCalledWith(expect.any(String));
  });

  it("shows the backend's error naming the field", async () => {
    const badRequest = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: "Invalid form values: 'port' must be at most 65535",
          },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    );
    renderField(form, jest.fn().mockRejectedValue(badRequest));
    expect(await screen.findByRole('alert', {}, settled)).toHaveTextContent(
      "The policy check could not run: Invalid form values: 'port' must be at most 65535",
    );
  });

  it('says when the user may not run the check', async () => {
    const forbidden = await forbiddenError({
      message: 'Not allowed to run the stack policy checks',
      url: '/api/skyforge/v1/stack-checks',
    });
    renderField(form, jest.fn().mockRejectedValue(forbidden));
    expect(await screen.findByRole('alert', {}, settled)).toHaveTextContent(
      'You are not allowed to run the policy check (skyforge.stack.check).',
    );
  });
});
