/** Deep blue / neon theme of the supervisor; Tremor's colour tokens are mapped onto it. */
module.exports = {
  darkMode: 'class',
  content: [__dirname + '/src/**/*.{ts,tsx}', require('node:path').join(require.resolve('@tremor/react'), '..', '**/*.{js,mjs}')],
  theme: {
    extend: {
      colors: {
        abyss: { 950: '#030817', 900: '#06102a', 800: '#0a1a3f', 700: '#102556', 600: '#19346f' },
        neon: { cyan: '#22e4ff', green: '#39ff88', yellow: '#ffe14d', red: '#ff3b6b', violet: '#a46bff', blue: '#3d8bff' },
        tremor: {
          brand: { faint: '#0a1a3f', muted: '#19346f', subtle: '#3d8bff', DEFAULT: '#22e4ff', emphasis: '#7df0ff', inverted: '#030817' },
          background: { muted: '#06102a', subtle: '#0a1a3f', DEFAULT: '#06102a', emphasis: '#cbd5e1' },
          border: { DEFAULT: '#19346f' },
          ring: { DEFAULT: '#19346f' },
          content: { subtle: '#64748b', DEFAULT: '#94a3b8', emphasis: '#e2e8f0', strong: '#f8fafc', inverted: '#030817' },
        },
        'dark-tremor': {
          brand: { faint: '#0a1a3f', muted: '#19346f', subtle: '#3d8bff', DEFAULT: '#22e4ff', emphasis: '#7df0ff', inverted: '#030817' },
          background: { muted: '#06102a', subtle: '#0a1a3f', DEFAULT: '#06102a', emphasis: '#cbd5e1' },
          border: { DEFAULT: '#19346f' },
          ring: { DEFAULT: '#19346f' },
          content: { subtle: '#64748b', DEFAULT: '#94a3b8', emphasis: '#e2e8f0', strong: '#f8fafc', inverted: '#030817' },
        },
      },
      boxShadow: { neon: '0 0 12px rgba(34, 228, 255, 0.45)' },
    },
  },
  safelist: [{ pattern: /^(bg|text|border|ring|stroke|fill)-(neon|abyss)-/ }],
  plugins: [],
};
