import { Card, SegmentedControl, Select, Stack, Text, Title, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LOCALES, currentLocale, setLocale } from '../i18n';

/**
 * Language and appearance. Both are kept in this browser (localStorage): they describe how this
 * operator reads the portal here, and need nothing from the server.
 */
export function PreferencesCard() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Card withBorder data-testid="preferences">
      <Title order={4} mb="xs">
        {t('profile.preferences')}
      </Title>
      <Stack>
        <Select
          label={t('profile.language')}
          description={t('profile.languageHint')}
          data={LOCALES.map((l) => ({ value: l.value, label: l.label }))}
          value={currentLocale()}
          onChange={(v) => v && setLocale(v)}
          allowDeselect={false}
          w={{ base: '100%', xs: 360 }}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('profile.theme')}
          </Text>
          <SegmentedControl
            aria-label={t('profile.theme')}
            value={colorScheme}
            onChange={(v) => setColorScheme(v)}
            data={[
              { value: 'auto', label: t('profile.themeAuto') },
              { value: 'light', label: t('profile.themeLight') },
              { value: 'dark', label: t('profile.themeDark') },
            ]}
          />
        </div>
      </Stack>
    </Card>
  );
}
