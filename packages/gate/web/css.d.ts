// esbuild loads .css files as text (the page injects them in a <style> element).
declare module '*.css' {
  const text: string;
  export default text;
}
