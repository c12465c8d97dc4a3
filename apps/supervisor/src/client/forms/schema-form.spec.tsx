/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { SchemaForm } from './schema-form';
import { validateValue } from './validate';
import type { JsonSchema } from './json-schema';

// Shaped like the services' typebox config schemas (indicators, order-engine) the gateway serves.
const schema: JsonSchema = {
  type: 'object',
  required: ['account', 'initialCapital', 'mode'],
  properties: {
    account: { type: 'string', minLength: 1, pattern: '^[a-z]+$' },
    initialCapital: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
    lots: { type: 'integer', minimum: 1, maximum: 100 },
    mode: { enum: ['bar-open', 'bar-close'] },
    recordCurve: { type: 'boolean' },
    indicators: { type: 'array', items: { type: 'string', pattern: '^[a-z]+(:[0-9.]+)+$' }, minItems: 1, uniqueItems: true },
    collar: { type: 'object', properties: { bps: { type: 'integer', minimum: 0, maximum: 10_000 } } },
    strategies: { type: 'object', patternProperties: { '^.*$': { type: 'object' } } },
  },
};

const current = { account: 'paper', initialCapital: 10_000, mode: 'bar-open', recordCurve: false, indicators: ['sma:20', 'rsi:14'], collar: { bps: 1000 } };

function setup(value: unknown = current) {
  const onSubmit = jest.fn();
  render(<SchemaForm schema={schema} value={value} onSubmit={onSubmit} />);
  return { onSubmit };
}

const submit = () => act(() => fireEvent.click(screen.getByRole('button', { name: 'Save' })));

describe('SchemaForm', () => {
  it('renders a field per property with the current values', () => {
    setup();
    expect(screen.getByLabelText(/^account/)).toHaveProperty('value', 'paper');
    expect(screen.getByLabelText(/^initialCapital/)).toHaveProperty('value', '10000');
    expect(screen.getByLabelText(/^lots/)).toHaveProperty('value', '');
    expect(screen.getByLabelText(/^mode/)).toHaveProperty('value', 'bar-open');
    expect(screen.getByLabelText(/^recordCurve/)).toHaveProperty('checked', false);
    expect(screen.getByLabelText('indicators[0]')).toHaveProperty('value', 'sma:20');
    expect(screen.getByLabelText('indicators[1]')).toHaveProperty('value', 'rsi:14');
    expect(screen.getByLabelText(/^bps/)).toHaveProperty('value', '1000');
    // A property outside the subset is edited as JSON text.
    expect(screen.getByLabelText(/^strategies/).tagName).toBe('TEXTAREA');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['— choose —', 'bar-open', 'bar-close']);
  });

  it('submits the typed value: numbers as numbers, booleans as booleans, empty optional fields left out', () => {
    const { onSubmit } = setup();
    fireEvent.change(screen.getByLabelText(/^initialCapital/), { target: { value: '2500.5' } });
    fireEvent.change(screen.getByLabelText(/^lots/), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText(/^mode/), { target: { value: 'bar-close' } });
    fireEvent.click(screen.getByLabelText(/^recordCurve/));
    fireEvent.click(screen.getByRole('button', { name: '+ add indicators' }));
    fireEvent.change(screen.getByLabelText('indicators[2]'), { target: { value: 'macd:12:26:9' } });
    fireEvent.change(screen.getByLabelText(/^strategies/), { target: { value: '{"a": {}}' } });
    submit();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0][0]).toEqual({
      account: 'paper',
      initialCapital: 2500.5,
      lots: 3,
      mode: 'bar-close',
      recordCurve: true,
      indicators: ['sma:20', 'rsi:14', 'macd:12:26:9'],
      collar: { bps: 1000 },
      strategies: { a: {} },
    });
  });

  it('shows a message naming the field for a bad value, and does not submit', () => {
    const { onSubmit } = setup();
    const lots = screen.getByLabelText(/^lots/);
    fireEvent.change(lots, { target: { value: '250' } });
    fireEvent.blur(lots);
    expect(screen.getByText('lots: must be at most 100')).toBeTruthy();
    expect(lots.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText(/^initialCapital/), { target: { value: '12x' } });
    fireEvent.change(screen.getByLabelText(/^account/), { target: { value: 'Paper 1' } });
    fireEvent.change(screen.getByLabelText(/^bps/), { target: { value: '1.5' } });
    submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('initialCapital: must be a number (got "12x")')).toBeTruthy();
    expect(screen.getByText('account: must match ^[a-z]+$')).toBeTruthy();
    expect(screen.getByText('collar.bps: must be a whole number')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('4 fields need attention: account, initialCapital, lots, collar.bps');
    fireEvent.change(lots, { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText(/^initialCapital/), { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText(/^account/), { target: { value: 'paper' } });
    fireEvent.change(screen.getByLabelText(/^bps/), { target: { value: '15' } });
    submit();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ lots: 100, initialCapital: 12, collar: { bps: 15 } });
  });

  it('reports a missing required field, a repeated list item and broken JSON by name', () => {
    const { onSubmit } = setup({ ...current, indicators: ['sma:20', 'sma:20'] });
    fireEvent.change(screen.getByLabelText(/^account/), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(/^strategies/), { target: { value: '{oops' } });
    fireEvent.change(screen.getByLabelText(/^mode/), { target: { value: '' } });
    submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('account: is required')).toBeTruthy();
    expect(screen.getByText('mode: is required')).toBeTruthy();
    expect(screen.getByText('indicators: must not repeat an item')).toBeTruthy();
    expect(screen.getByText(/^strategies: is not valid JSON/)).toBeTruthy();
  });

  it('shows the server\'s answer to a submit, naming where', () => {
    render(<SchemaForm schema={schema} value={current} onSubmit={jest.fn()} serverError={{ error: 'must be <= 10000', where: '/collar/bps' }} />);
    expect(screen.getByRole('alert').textContent).toBe('/collar/bps: must be <= 10000');
  });
});

describe('validateValue', () => {
  it('checks the subset with messages keyed by the dotted field path', () => {
    expect(validateValue(schema, { account: 'a', initialCapital: 0, mode: 'x', indicators: ['bad'] })).toEqual([
      { field: 'initialCapital', message: 'must be greater than 0' },
      { field: 'mode', message: 'must be one of "bar-open", "bar-close"' },
      { field: 'indicators[0]', message: 'must match ^[a-z]+(:[0-9.]+)+$' },
    ]);
    expect(validateValue(schema, current)).toEqual([]);
  });
});
