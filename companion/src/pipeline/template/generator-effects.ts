// Effects that draw their own picture on a solid (AE's Generate category, noise generators, particle
// plug-ins). A solid hosting one is a graphic, not a colour plate a design can fill.
const GENERATORS = new Set([
  'ADBE AudSpect',
  'ADBE AudWave',
  'ADBE Fractal Noise',
  'ADBE Turbulent Noise',
  'ADBE Ramp',
  'ADBE 4ColorGradient',
  'ADBE Checkerboard',
  'ADBE Grid',
  'ADBE Cell Pattern',
  'ADBE Lightning',
  'ADBE Lightning 2',
  'ADBE Laser',
  'ADBE Beam',
  'ADBE Radio Waves',
  'ADBE Circle',
  'ADBE Ellipse',
  'ADBE Fill',
  'ADBE Stroke',
  'ADBE Scribble',
  'ADBE Vegas',
  'ADBE Write-on',
  'ADBE Lens Flare',
  'ADBE Paint Bucket',
  'ADBE Particle Playground',
  'ADBE Fill Sample',
  'CC Light Burst 2.5',
  'CC Light Sweep',
  'CC Glue Gun',
  'CC Threads',
  'CC Particle World',
  'CC Particle Systems II',
  'CC Star Burst',
  'CC Hair',
  'CC Mr. Mercury',
  'CC Rainfall',
  'CC Snowfall',
  'CC Ball Action',
  'CC Drizzle',
  'CC Bubbles',
]);

/** Third-party generators by vendor prefix / product name. */
const GENERATOR_PATTERN = /^(tc |Trapcode|VIDEOCOPILOT|RG |Rowbyte|Plexus)|Particular|Optical ?Flares|Saber|Element 3D/i;

export function isGeneratorEffect(matchName: string): boolean {
  return GENERATORS.has(matchName) || GENERATOR_PATTERN.test(matchName);
}
